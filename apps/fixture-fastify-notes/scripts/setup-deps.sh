#!/usr/bin/env bash
# Installs the app's runtime dependencies into its own node_modules, from the npm registry.
# Deliberately outside the workspace (--no-workspaces, no lockfile, nothing saved to
# package.json): the fixture must not change the repository's root lock or node_modules.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
deps=(fastify@5.3.3)

exec 9>"$root/.deps.lock"
flock 9
if [[ -f "$root/node_modules/.deps" && "$(cat "$root/node_modules/.deps")" == "${deps[*]}" ]]; then
  exit 0
fi
npm install --prefix "$root" --no-workspaces --no-package-lock --no-save --no-audit --no-fund --loglevel=error "${deps[@]}" >&2
echo "${deps[*]}" > "$root/node_modules/.deps"
