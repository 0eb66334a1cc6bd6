#!/usr/bin/env bash
# Provisions the Neo4j the pattern-store integration tests use (idempotent; DESIGN §6): an
# embedded Neo4j Community 5.26 LTS from Maven Central with Bolt on 127.0.0.1:7687 and user
# neo4j / $SMOKE_REPAIR_NEO4J_PASSWORD (default smoke-repair-dev). Left running for the tests;
# stop it with `bash tools/neo4j/stop.sh`.
# Usage: bash tools/provision/neo4j.sh   (also run by tools/provision/all.sh neo4j)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
exec bash "$here/../neo4j/start.sh" "$@"
