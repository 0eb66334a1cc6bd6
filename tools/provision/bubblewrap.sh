#!/usr/bin/env bash
# Provisions bubblewrap (bwrap) for the agent-confinement integration test (idempotent):
# Debian's bubblewrap package, installed only when missing, then a self-test (a machine without
# user namespaces cannot run it: the test then fails under CI with bwrap's own message).
# Usage: bash tools/provision/bubblewrap.sh   (also run by tools/provision/all.sh bubblewrap)
set -euo pipefail

log() { printf 'provision/bubblewrap: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else
    die "need root (or passwordless sudo) to run: $*"
  fi
}

# apt waits for a held dpkg lock by itself (DPkg::Lock::Timeout); the retry loop covers the
# remaining races, e.g. unattended-upgrades taking the lock between update and install.
apt_get() {
  local attempt
  for attempt in 1 2 3 4 5 6; do
    if as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120 "$@"; then
      return 0
    fi
    log "apt-get $* failed (attempt $attempt); retrying in 10s"
    sleep 10
  done
  die "apt-get $* kept failing"
}

if command -v bwrap >/dev/null; then
  log "bwrap is installed ($(command -v bwrap))"
else
  log "installing bubblewrap"
  apt_get update -qq
  apt_get install -y -qq --no-install-recommends bubblewrap
  command -v bwrap >/dev/null || die "bwrap not found after installing bubblewrap"
fi
if bwrap --ro-bind / / --dev /dev --proc /proc --tmpfs /tmp --unshare-pid --die-with-parent -- true; then
  log "bwrap self-test passed"
else
  log "warning: bwrap fails its self-test here (user namespaces disabled?); agents will run unconfined"
fi
