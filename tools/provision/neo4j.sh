#!/usr/bin/env bash
# Provisions the Neo4j the pattern-store integration tests use (idempotent; DESIGN §6):
#   1. Java 17 and Maven from Debian, installed only when missing;
#   2. tools/neo4j/start.sh: an embedded Neo4j Community 5.26 LTS from Maven Central (built once),
#      Bolt on 127.0.0.1:7687, user neo4j / $SMOKE_REPAIR_NEO4J_PASSWORD (default
#      smoke-repair-dev), left running for the tests. Stop it with `bash tools/neo4j/stop.sh`.
# Usage: bash tools/provision/neo4j.sh   (also run by tools/provision/all.sh neo4j)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

log() { printf 'provision/neo4j: %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else
    log "error: need root (or passwordless sudo) to run: $*"; exit 1
  fi
}

java_ok() { command -v java >/dev/null && java -version 2>&1 | grep -Eq 'version "(17|21)'; }

missing=()
java_ok || missing+=(openjdk-17-jre-headless)
command -v mvn >/dev/null || missing+=(maven)
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120 update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120 install -y -qq --no-install-recommends "${missing[@]}"
fi

# The shared instance may already be up from another checkout on this machine: reuse it then.
SMOKE_REPAIR_NEO4J_REUSE=1 exec bash "$here/../neo4j/start.sh" "$@"
