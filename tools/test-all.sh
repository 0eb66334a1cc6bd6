#!/usr/bin/env bash
# The README's test command (`npm test`): install, provision real services, then run every
# target of every project. Fails on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
node tools/bootstrap.mjs
bash tools/provision/all.sh docker neo4j jest
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
npx --no-install nx sync:check
npx --no-install nx run-many -t build lint typecheck test --parallel=2 --output-style=static --skip-nx-cache
