#!/usr/bin/env bash
# Runs Athena locally on the embedded defaults: PostgreSQL + pgvector on this machine (prepared by
# setup-postgres.sh), the in-process ONNX embedding model, no model server needed. Listens on port 8000.
# Without ATHENA_API_KEYS (open mode) it listens on 127.0.0.1 only; --server.address=0.0.0.0 listens on every
# interface, which only makes sense with keys (docs/security.md).
# Extra arguments go to the application, e.g. scripts/run.sh --server.port=9000
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-postgres.sh
./mvnw -q -DskipTests package
# A fixed heap and the serial collector keep Athena near 400 MB resident on a small machine (docs/benchmarks.md);
# set JAVA_OPTS to override.
exec java ${JAVA_OPTS:--Xms384m -Xmx384m -XX:+UseSerialGC -XX:MaxMetaspaceSize=192m -XX:ReservedCodeCacheSize=96m -Xss512k} \
  -jar athena-gateway/target/athena.jar "$@"
