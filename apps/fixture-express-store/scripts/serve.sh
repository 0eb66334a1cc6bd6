#!/usr/bin/env bash
# Serve fixture-express-store on 127.0.0.1:${PORT:-8791}; exec'd, so this PID is node's.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/setup-deps.sh"
cd "$root"
exec node src/server.js
