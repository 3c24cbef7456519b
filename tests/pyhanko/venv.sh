#!/usr/bin/env bash
# Makes (or reuses) a Python venv with the pinned pyHanko of tests/pyhanko/requirements.txt
# and prints its interpreter's path, for JPKI_PYHANKO_PYTHON:
#
#   export JPKI_PYHANKO_PYTHON=$(tests/pyhanko/venv.sh target/pyhanko-venv)
#
# Installs Debian's python3 and python3-venv with apt-get when they are missing (as root, or
# through sudo). Progress goes to stderr; only the path goes to stdout.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="${1:?usage: venv.sh DIR}"

if ! command -v python3 >/dev/null 2>&1 || ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    echo "installing python3 python3-venv" >&2
    export DEBIAN_FRONTEND=noninteractive
    $sudo_cmd apt-get update -qq >&2
    $sudo_cmd apt-get install -y -qq python3 python3-venv >/dev/null
fi

want=$(grep -v '^#' "$here/requirements.txt" | sort | tr '\n' ' ')
stamp="$venv/.jpki-requirements"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "making the pyHanko venv in $venv" >&2
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$here/requirements.txt" >&2
    printf '%s' "$want" >"$stamp"
fi
"$venv/bin/python" -c 'import pyhanko, pyhanko_certvalidator' >&2
cd "$venv" && echo "$PWD/bin/python"
