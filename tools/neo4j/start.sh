#!/usr/bin/env bash
# Starts the smoke-repair Neo4j (embedded Neo4j Community 5.26 LTS, Bolt on 127.0.0.1, auth on)
# in the background and waits until Bolt answers. Idempotent: an instance already running on
# the port is left alone. The first run builds the launcher with Maven (jars from Maven Central,
# cached in ~/.m2; the classpath is cached in target/classpath.txt).
#
# Usage: bash tools/neo4j/start.sh [--port PORT]
# Env:   SMOKE_REPAIR_NEO4J_PORT      Bolt port (default 7687; --port wins)
#        SMOKE_REPAIR_NEO4J_PASSWORD  password of user neo4j (default smoke-repair-dev)
#        SMOKE_REPAIR_NEO4J_HOME      data directory (default tools/neo4j/.run/PORT/db)
#        SMOKE_REPAIR_NEO4J_HEAP      JVM max heap (default 512m)
#        SMOKE_REPAIR_NEO4J_TIMEOUT   seconds to wait for Bolt (default 180)
#        SMOKE_REPAIR_NEO4J_REUSE     1: a Neo4j this script did not start (another checkout's)
#                                     that accepts these credentials on the port is used as is
# Stop:  bash tools/neo4j/stop.sh [--port PORT]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
port="${SMOKE_REPAIR_NEO4J_PORT:-7687}"
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port="$2"; shift 2 ;;
    --port=*) port="${1#--port=}"; shift ;;
    *) echo "usage: $0 [--port PORT]" >&2; exit 2 ;;
  esac
done
run_dir="$here/.run/$port"
pid_file="$run_dir/neo4j.pid"
log_file="$run_dir/launcher.log"
home="${SMOKE_REPAIR_NEO4J_HOME:-$run_dir/db}"
heap="${SMOKE_REPAIR_NEO4J_HEAP:-512m}"
timeout_s="${SMOKE_REPAIR_NEO4J_TIMEOUT:-180}"

log() { printf 'neo4j/start: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

bolt_open() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }
running_pid() {
  local pid
  [ -f "$pid_file" ] || return 1
  pid="$(cat "$pid_file")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && printf '%s' "$pid"
}

build() {
  command -v java >/dev/null || die "java not found (Neo4j 5.26 needs Java 17 or 21)"
  local cp="$here/target/classpath.txt" classes="$here/target/classes/dev/smokerepair/neo4j/Launcher.class"
  if [ -s "$cp" ] && [ -f "$classes" ] && [ "$cp" -nt "$here/pom.xml" ] &&
    [ "$classes" -nt "$here/src/main/java/dev/smokerepair/neo4j/Launcher.java" ]; then
    return 0
  fi
  command -v mvn >/dev/null || die "mvn not found (needed once, to fetch Neo4j from Maven Central)"
  log "building the launcher (mvn package; first run downloads Neo4j from Maven Central)"
  mvn -q -B -f "$here/pom.xml" package -DskipTests || die "mvn package failed"
  touch "$cp"
}

mkdir -p "$run_dir"
# One starter per port at a time (CI provisioning and a developer's shell may race).
exec 9>"$run_dir/start.lock"
flock -w "$timeout_s" 9 || die "another start.sh holds $run_dir/start.lock"

if pid="$(running_pid)"; then
  log "already running (pid $pid) on bolt://127.0.0.1:$port"
else
  if bolt_open; then
    if [ "${SMOKE_REPAIR_NEO4J_REUSE:-0}" = 1 ] && node "$here/check-bolt.mjs" "$port"; then
      log "reusing the Neo4j already on bolt://127.0.0.1:$port (started elsewhere; it accepts our credentials)"
      exit 0
    fi
    die "port $port is in use by a process this script did not start"
  fi
  build
  : >"$log_file"
  log "starting Neo4j on bolt://127.0.0.1:$port (data: $home, log: $log_file)"
  # setsid + nohup: the database must outlive this script and the CI step that ran it.
  SMOKE_REPAIR_NEO4J_PORT="$port" SMOKE_REPAIR_NEO4J_HOME="$home" \
    setsid nohup java "-Xmx$heap" -XX:+UseSerialGC \
    -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
    dev.smokerepair.neo4j.Launcher >"$log_file" 2>&1 </dev/null 9>&- &
  echo $! >"$pid_file"
  pid=$!
fi

waited=0
until grep -q '^READY' "$log_file" 2>/dev/null && bolt_open; do
  kill -0 "$pid" 2>/dev/null || { rm -f "$pid_file"; die "Neo4j exited during startup; last lines of $log_file:
$(tail -n 30 "$log_file")"; }
  [ "$waited" -ge "$((timeout_s * 2))" ] && die "Bolt did not answer within ${timeout_s}s; see $log_file"
  sleep 0.5
  waited=$((waited + 1))
done
log "ready: $(grep '^READY' "$log_file" | tail -n 1)"
