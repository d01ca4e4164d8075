#!/usr/bin/env bash
# Runs the whole test suite against the local PostgreSQL + pgvector (prepared first by setup-postgres.sh).
# Set ATHENA_TEST_DB=testcontainers to use a throw-away pgvector container instead (skipped without Docker).
# First checks the deployment files (compose, Kubernetes, scripts) with scripts/check-deploy.sh, a few seconds; after
# the build, runs the commands the documents show with scripts/smoke-docs.sh (a few minutes; it needs ports 8000 and
# 8126 free, see docs/operations.md#documentation-smoke-test).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${ATHENA_TEST_DB:-local}" = "local" ]; then
  bash scripts/setup-postgres.sh
  bash scripts/setup-replica.sh || echo "[test] no read replica on port 5433: the Replica*IntegrationTests will skip"
fi
bash scripts/check-deploy.sh
bash scripts/setup-browser.sh   # chromium + chromedriver for the console's browser tests (skipped without them)
./mvnw -B verify "$@"
bash scripts/smoke-docs.sh
