#!/usr/bin/env bash
# Installs the app's runtime dependencies into its own node_modules, from the npm registry.
# Deliberately outside the workspace (--no-workspaces, no lockfile, nothing saved to
# package.json): the fixture must not change the repository's root lock or node_modules.
# A root `npm install` prunes packages it did not put here, so presence is checked, not a stamp.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
deps=(fastify@5.3.3)

exec 9>"$root/.deps.lock"
flock 9
installed=1
for dep in "${deps[@]}"; do
  [[ -f "$root/node_modules/${dep%@*}/package.json" ]] || installed=0
done
if [[ $installed == 1 && -f "$root/node_modules/.deps" && "$(cat "$root/node_modules/.deps")" == "${deps[*]}" ]]; then
  exit 0
fi
npm install --prefix "$root" --no-workspaces --no-package-lock --no-save --no-audit --no-fund --loglevel=error "${deps[@]}" >&2
echo "${deps[*]}" > "$root/node_modules/.deps"
