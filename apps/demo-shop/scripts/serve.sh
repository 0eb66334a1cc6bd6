#!/usr/bin/env bash
# Serve demo-shop with uvicorn on 127.0.0.1:${PORT:-8790}.
# The process is exec'd, so the PID of this script is uvicorn's PID.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port="${PORT:-8790}"

# Idempotent and quick when the venv is current; keep its chatter off stdout.
bash "$root/scripts/setup-venv.sh" >&2

cd "$root"
exec "$root/.venv/bin/python" -m uvicorn app.main:app \
  --host 127.0.0.1 --port "$port" --log-level info
