#!/usr/bin/env bash
# Stops the Neo4j started by tools/neo4j/start.sh on a port (default 7687): SIGTERM (a clean
# shutdown with a checkpoint), SIGKILL after 60 s. Idempotent: nothing running is not an error.
# Usage: bash tools/neo4j/stop.sh [--port PORT]
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
pid_file="$here/.run/$port/neo4j.pid"
[ -f "$pid_file" ] || { echo "neo4j/stop: not running on port $port" >&2; exit 0; }
pid="$(cat "$pid_file")"
if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
  kill -TERM "$pid"
  for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "neo4j/stop: pid $pid did not stop in 60s; killing" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
fi
rm -f "$pid_file"
echo "neo4j/stop: stopped (port $port)" >&2
