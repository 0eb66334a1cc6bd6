#!/bin/sh
# Installs aider-chat from PyPI into a venv outside the repo (default ~/.cache/smoke-repair/aider-venv),
# for the Aider recipe's integration test (tests/repair-agent-integration/src/aider-recipe.test.ts,
# which finds it through $SMOKE_REPAIR_AIDER or this default). Measured here: 3 minutes (pip, from PyPI). Run by `npm test`.
set -eu
VENV="${SMOKE_REPAIR_AIDER_VENV:-$HOME/.cache/smoke-repair/aider-venv}"
if [ -x "$VENV/bin/aider" ]; then echo "aider: $("$VENV/bin/aider" --version)"; exit 0; fi
python3 -m venv "$VENV"
"$VENV/bin/pip" install -q aider-chat
echo "aider: $("$VENV/bin/aider" --version)"
