#!/usr/bin/env bash
# Serve fixture-library-api with uvicorn on 127.0.0.1:${PORT:-8793}; exec'd, so this PID is uvicorn's.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/setup-venv.sh" >&2
cd "$root"
exec "$root/.venv/bin/python" -m uvicorn app.main:app --host 127.0.0.1 --port "${PORT:-8793}" --log-level info
