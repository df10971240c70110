#!/usr/bin/env bash
# Installs the compilers and interpreters the code-generation tests run generated code with (Debian packages).
# gcc/g++, python3, Java and Rust usually come with the machine; whatever is missing is installed here.
# Octave is optional: it is tried with a time limit, and the MATLAB tests skip (saying so) when it is absent.
set -uo pipefail

need=()
command -v gcc >/dev/null || need+=(gcc)
command -v g++ >/dev/null || need+=(g++)
command -v go >/dev/null || [ -x /usr/lib/go/bin/go ] || need+=(golang-go)
command -v javac >/dev/null || need+=(default-jdk-headless)
command -v rustc >/dev/null || need+=(rustc)
/usr/bin/python3 -c 'import numpy' 2>/dev/null || need+=(python3-numpy)
# PyTorch (Debian's python3-torch): a code-generation target and torch.autograd as a third opinion on tensor gradients
/usr/bin/python3 -c 'import torch' 2>/dev/null || need+=(python3-torch)
# SymPy (Debian's python3-sympy): npm run bench compares the displayed partials with simplify(diff(f, x))
/usr/bin/python3 -c 'import sympy' 2>/dev/null || need+=(python3-sympy)
# Eigen 3 headers: the C++ target of vectorised (tensor) code generation
[ -f /usr/include/eigen3/Eigen/Dense ] || need+=(libeigen3-dev)
# Julia and JAX run the vectorised Julia/JAX tests when present; Debian 12 packages neither (the tests skip, saying so).
# `apt-cache show` succeeds for a name other packages only mention: ask for an installation candidate instead.
installable() { apt-cache policy "$1" 2>/dev/null | grep -q 'Candidate: [^(]'; }
if ! command -v julia >/dev/null && installable julia; then need+=(julia); fi

export DEBIAN_FRONTEND=noninteractive
if [ ${#need[@]} -gt 0 ] || ! command -v octave >/dev/null || ! command -v julia >/dev/null; then
  apt-get update -qq || true
  if ! command -v julia >/dev/null && installable julia && [[ " ${need[*]} " != *" julia "* ]]; then need+=(julia); fi
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "setup-codegen: installing ${need[*]}"
  # one package apt cannot install must not cost the others: on a failure, each is tried alone
  if ! apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; then
    for p in "${need[@]}"; do
      apt-get install -y -qq --no-install-recommends "$p" >/dev/null || echo "setup-codegen: $p did not install" >&2
    done
  fi
fi
if ! command -v octave >/dev/null && [ "${PARTIALS_SKIP_OCTAVE:-}" != 1 ]; then
  echo "setup-codegen: installing octave (at most 6 minutes)"
  timeout 360 apt-get install -y -qq --no-install-recommends octave >/dev/null || echo "setup-codegen: octave did not install; MATLAB/Octave tests will be skipped" >&2
fi
exit 0
