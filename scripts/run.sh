#!/usr/bin/env bash
# Runs Athena locally on the embedded defaults: PostgreSQL + pgvector on this machine (prepared by
# setup-postgres.sh), the in-process ONNX embedding model, no model server needed. Listens on port 8000.
# Without ATHENA_API_KEYS (open mode) it listens on 127.0.0.1 only; --server.address=0.0.0.0 listens on every
# interface, which only makes sense with keys (docs/security.md).
# Builds athena-gateway/target/athena.jar first when it is missing or older than a source file.
# Extra arguments go to the application, e.g. scripts/run.sh --server.port=9000
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[run] %s\n' "$*" >&2; }
die() { printf '[run] ERROR: %s\n' "$1" >&2; exit "${2:-1}"; }
# shellcheck source=scripts/lib/local-athena.sh
. scripts/lib/local-athena.sh

bash scripts/setup-postgres.sh
local_athena_build
# JAVA_OPTS overrides the small-footprint defaults (docs/benchmarks.md).
# shellcheck disable=SC2086 # JAVA_OPTS are words
exec java ${JAVA_OPTS:-$LOCAL_ATHENA_JAVA_OPTS} -jar "$LOCAL_ATHENA_JAR" "$@"
