#!/usr/bin/env bash
# Install a real VS Code for tests and `npm start`: code-server (VS Code server + web workbench) from the npm
# registry, run by Node 24 from the npm registry (package "node"), plus Debian Chromium for the browser tests.
# Idempotent: a second run only checks and prints versions (about a second).
#   code-server's native modules are built against the headers inside the "node" package (npm_config_nodedir),
#   so node-gyp never downloads headers; failed prebuilt-binary downloads fall back to building from source.
# Env: VSCODE_ENV_DIR (default <repo>/.vscode-test-env), CODE_SERVER_VERSION, CODE_SERVER_NODE, PARTIALS_NO_APT=1
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
ENV_DIR="${VSCODE_ENV_DIR:-$ROOT/.vscode-test-env}"
CS_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
NODE_VERSION="${CODE_SERVER_NODE:-24.21.0}"
t0=$(date +%s)
lap() { echo "[vscode-install] $1 ($(( $(date +%s) - t0 ))s)"; }

# Debian packages: chromium for Playwright; a C/C++ toolchain, python3 and Kerberos headers for code-server's
# native modules (node-pty, kerberos, @parcel/watcher); git so the workbench's git extension starts quietly; a CJK font so
# the zh-cn e2e screenshots show Chinese rather than boxes.
missing=""
for p in chromium libkrb5-dev build-essential pkg-config python3 git ca-certificates fonts-wqy-microhei; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
  if [ "${PARTIALS_NO_APT:-}" = 1 ]; then echo "[vscode-install] missing Debian packages:$missing (PARTIALS_NO_APT=1)"; exit 1; fi
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  lap "installing Debian packages:$missing"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
lap "Debian packages ok"

mkdir -p "$ENV_DIR/node" "$ENV_DIR/code-server" "$ENV_DIR/home"
NODE_BIN="$ENV_DIR/node/node_modules/node/bin"
if [ ! -x "$NODE_BIN/node" ] || [ "$("$NODE_BIN/node" -v)" != "v$NODE_VERSION" ]; then
  echo '{"private":true}' > "$ENV_DIR/node/package.json"
  (cd "$ENV_DIR/node" && npm install --no-audit --no-fund --loglevel=error --no-save "node@$NODE_VERSION")
fi
HDR="$(find "$ENV_DIR/node/node_modules" -path '*/include/node/node_version.h' | head -1)"
NODEDIR="$(dirname "$(dirname "$(dirname "$HDR")")")"
lap "node $("$NODE_BIN/node" -v) (headers in $NODEDIR)"

CS_BIN="$ENV_DIR/code-server/node_modules/.bin/code-server"
CS_PKG="$ENV_DIR/code-server/node_modules/code-server/package.json"
have=""; [ -f "$CS_PKG" ] && have="$("$NODE_BIN/node" -p "require('$CS_PKG').version")"
if [ ! -x "$CS_BIN" ] || [ "$have" != "$CS_VERSION" ] || [ ! -f "$ENV_DIR/code-server/.complete" ]; then
  lap "installing code-server $CS_VERSION (builds native modules; a few minutes)"
  rm -f "$ENV_DIR/code-server/.complete"
  echo '{"private":true}' > "$ENV_DIR/code-server/package.json"
  # npm_config_yes: node-pty's install script runs `npx node-gyp` (would stop at a prompt without a TTY)
  # Under `npm install && npm start` this script inherits the outer npm's environment: npm_config_user_agent names
  # the outer Node (code-server's postinstall reads the Node version from it and refuses anything but 24), and
  # npm_node_execpath / NODE point at the outer node binary. Drop them so the inner npm describes Node 24.
  (cd "$ENV_DIR/code-server" && env -u npm_config_user_agent -u npm_node_execpath -u npm_execpath -u NODE \
     PATH="$NODE_BIN:$PATH" npm_config_nodedir="$NODEDIR" npm_config_yes=true \
     npm_config_unsafe_perm=true npm install --no-audit --no-fund --loglevel=error "code-server@$CS_VERSION" > install.log 2>&1) \
     || { tail -50 "$ENV_DIR/code-server/install.log"; exit 1; }
  touch "$ENV_DIR/code-server/.complete"
fi
# even `code-server --version` writes ~/.config/code-server and ~/.local/share/code-server: keep them in ENV_DIR
lap "code-server $(HOME="$ENV_DIR/home" XDG_CONFIG_HOME= XDG_DATA_HOME= PATH="$NODE_BIN:$PATH" "$CS_BIN" --version 2>/dev/null | grep -v " info " | head -1)"
