#!/usr/bin/env bash
# The README's test command (`npm test`): install, provision real services, then run every
# target of every project. Fails on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
node tools/bootstrap.mjs
bash tools/provision/all.sh docker neo4j jest aider bubblewrap
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
# Everything the run writes to the temp directory — test projects (each also has its own, see
# tools/vitest/temp-dir-setup.ts), the apps they start, pytest, the build tools — goes to one
# folder of this run, removed when it ends: `npm test` leaves nothing in the caller's TMPDIR.
# Set after provisioning: the services it starts outlive this run.
run_tmp="$(mktemp -d "${TMPDIR:-/tmp}/smoke-repair-npm-test-XXXXXX")"
trap 'rm -rf "$run_tmp"' EXIT
export TMPDIR="$run_tmp"
npx --no-install nx sync:check
# Formatting is checked, not fixed: `npm run format` rewrites (see .prettierrc.json, .prettierignore).
npx --no-install prettier --check . --log-level warn
# What prettier cannot break (long strings, regexes, comments): no source line over 120 characters.
node tools/check-line-width.mjs
# Unused files, exports and dependencies (knip.jsonc): a public surface only grows on purpose.
npx --no-install knip
npx --no-install nx run-many -t build lint typecheck test --parallel=2 --output-style=static --skip-nx-cache
# The fault matrix's quick subset (issue 16) on the CLI just built: signals in every loop phase,
# a second run, a foreign listener; fails on any data lost, leftover or secret.
echo '== fault matrix (node tools/fault-matrix.mjs --quick) =='
node tools/fault-matrix.mjs --quick
# What users install: every package packed, installed outside the workspace, its CLI run.
node tools/pack-check.mjs
# The configuration reference lists every key the schema has (and nothing it lacks).
node tools/docs/config-reference.mjs --check
