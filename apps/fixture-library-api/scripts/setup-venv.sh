#!/usr/bin/env bash
# Create (or reuse) apps/fixture-library-api/.venv from PyPI.
# The venv is reused while requirements.txt is unchanged and the venv still works:
# the file's hash is stamped into .venv/.requirements.sha256 after a successful install.
# A new venv is built with $PYTHON (default: python3 on PATH).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
req="$root/requirements.txt"
stamp="$venv/.requirements.sha256"
python="${PYTHON:-python3}"

command -v "$python" >/dev/null 2>&1 || { echo "setup-venv: $python not found" >&2; exit 1; }

want="$(sha256sum "$req" | cut -d' ' -f1)"

# Serialise concurrent runs (e.g. several Nx targets started at once).
exec 9>"$root/.venv.lock"
flock 9

if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]] \
   && "$venv/bin/python" -c 'import fastapi, uvicorn, sqlalchemy, pydantic, pytest, httpx' 2>/dev/null; then
  echo "setup-venv: reusing $venv (requirements unchanged)"
  exit 0
fi

echo "setup-venv: creating $venv"
"$python" -m venv --clear "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req"
echo "$want" > "$stamp"
echo "setup-venv: ready ($("$venv/bin/python" --version))"
