#!/usr/bin/env bash
# Runs the whole test suite against the local PostgreSQL + pgvector (prepared first by setup-postgres.sh).
# Set ATHENA_TEST_DB=testcontainers to use a throw-away pgvector container instead (skipped without Docker).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${ATHENA_TEST_DB:-local}" = "local" ]; then
  bash scripts/setup-postgres.sh
fi
exec ./mvnw -B verify "$@"
