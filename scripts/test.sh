#!/usr/bin/env bash
# Runs the whole test suite against the local PostgreSQL + pgvector (prepared first by setup-postgres.sh).
# Set ATHENA_TEST_DB=testcontainers to use a throw-away pgvector container instead (skipped without Docker).
# First checks the deployment files (compose, Kubernetes, scripts) with scripts/check-deploy.sh, a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${ATHENA_TEST_DB:-local}" = "local" ]; then
  bash scripts/setup-postgres.sh
fi
bash scripts/check-deploy.sh
exec ./mvnw -B verify "$@"
