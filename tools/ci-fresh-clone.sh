#!/usr/bin/env bash
# Runs CI the way a new machine would: clones main (committed work only) into a fresh directory
# at a new path, with a fresh, empty TMPDIR, runs .ci/run there, then checks that the run left
# the clone's tracked files untouched and nothing in its TMPDIR.
#   bash tools/ci-fresh-clone.sh [--runs N] [--keep] [--demo]
#     --runs N  run .ci/run N times in a row in the same clone (default 1)
#     --keep    keep the clone and its TMPDIR afterwards (printed)
#     --demo    also run `npm run demo` and check `git status` stays clean
# Exit 0 only when every run passed, `git status --porcelain` is empty after them, and TMPDIR is
# empty. Run it before you stop.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
runs=1 keep=0 demo=0
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    --demo) demo=1; shift ;;
    *) echo "usage: $0 [--runs N] [--keep] [--demo]" >&2; exit 2 ;;
  esac
done

parent="${SMOKE_REPAIR_FRESH_PARENT:-/work}"
[ -d "$parent" ] && [ -w "$parent" ] || parent="$(dirname "$repo")"
base="$(mktemp -d "$parent/ci-fresh-$(date +%Y%m%d-%H%M%S)-XXXX")"
clone="$base/a-checkout-at-a-new-and-longer-path/smoke-repair"
tmp="$base/tmp"
mkdir -p "$tmp" "$(dirname "$clone")"
log() { printf 'ci-fresh-clone: %s\n' "$*" >&2; }
cleanup() {
  if [ "$keep" = 1 ]; then log "kept $base"; else rm -rf "$base"; fi
}
trap cleanup EXIT

git clone -q --branch main "$repo" "$clone"
log "clone $clone at $(git -C "$clone" rev-parse --short HEAD), TMPDIR=$tmp"
status=0
for i in $(seq 1 "$runs"); do
  start=$(date +%s)
  if (cd "$clone" && TMPDIR="$tmp" CI=true bash .ci/run >"$base/run-$i.log" 2>&1); then
    log "run $i/$runs passed in $(( $(date +%s) - start )) s"
  else
    log "run $i/$runs FAILED after $(( $(date +%s) - start )) s; last lines of $base/run-$i.log:"
    tail -n 60 "$base/run-$i.log" >&2
    keep=1 status=1
    break
  fi
done
if [ "$status" = 0 ] && [ "$demo" = 1 ]; then
  if (cd "$clone" && TMPDIR="$tmp" npm run demo >"$base/demo.log" 2>&1); then log "npm run demo passed"; else
    log "npm run demo FAILED; see $base/demo.log"; tail -n 40 "$base/demo.log" >&2; keep=1 status=1
  fi
fi
dirty="$(git -C "$clone" status --porcelain)"
if [ -n "$dirty" ]; then
  log "the README's commands changed the clone (git status --porcelain):"; printf '%s\n' "$dirty" >&2
  status=1 keep=1
fi
left="$(ls -A "$tmp")"
if [ -n "$left" ]; then
  log "left in TMPDIR:"; printf '%s\n' "$left" | head -50 >&2
  status=1 keep=1
fi
[ "$status" = 0 ] && log "clean: every run passed, git status clean, TMPDIR empty"
exit "$status"
