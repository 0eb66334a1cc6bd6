#!/usr/bin/env bash
# Provisions every real service the test suites need (idempotent): each script below installs
# what is missing and starts what is not running. Called by `npm test` and therefore by .ci/run.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
for step in "$@"; do
  bash "$here/$step.sh"
done
