#!/usr/bin/env bash
# Provisions jest and jest-junit for the test-command integration tests (idempotent): the
# workspace itself tests with vitest, so jest lives outside it, pinned, in a tool directory:
#   ${SMOKE_REPAIR_TOOLS_DIR:-$HOME/.cache/smoke-repair}/jest/node_modules/.bin/jest
# Tests link a tiny project's node_modules to it (jest resolves reporters from the project).
# Usage: bash tools/provision/jest.sh   (also run by tools/provision/all.sh jest); prints the dir.
set -euo pipefail
JEST_VERSION=29.7.0
JEST_JUNIT_VERSION=16.0.0
dir="${SMOKE_REPAIR_TOOLS_DIR:-$HOME/.cache/smoke-repair}/jest"

log() { printf 'provision/jest: %s\n' "$*" >&2; }

installed() {
  [ -x "$dir/node_modules/.bin/jest" ] &&
    [ "$(node -p "require('$dir/node_modules/jest/package.json').version" 2>/dev/null)" = "$JEST_VERSION" ] &&
    [ "$(node -p "require('$dir/node_modules/jest-junit/package.json').version" 2>/dev/null)" = "$JEST_JUNIT_VERSION" ]
}

if installed; then
  log "jest $JEST_VERSION + jest-junit $JEST_JUNIT_VERSION are current ($dir)"
else
  log "installing jest $JEST_VERSION + jest-junit $JEST_JUNIT_VERSION into $dir"
  mkdir -p "$dir"
  printf '{ "name": "smoke-repair-jest-tools", "private": true }\n' >"$dir/package.json"
  npm install --prefix "$dir" --no-audit --no-fund --loglevel=error --save-exact \
    "jest@$JEST_VERSION" "jest-junit@$JEST_JUNIT_VERSION" >&2
  installed || { log "error: jest did not install into $dir"; exit 1; }
fi
echo "$dir"
