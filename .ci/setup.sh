#!/usr/bin/env bash
# Called by .ci/run before `npm ci`: installs what the VS Code tests need (Debian Chromium + build tools,
# Node 24 and code-server from the npm registry into the ignored .vscode-test-env/).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/vscode/install.sh
