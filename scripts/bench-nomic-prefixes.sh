#!/usr/bin/env bash
# Measures recall with and without nomic-embed's task prefixes against a running llama-server --embedding
# (needs a nomic-embed model; see docs/benchmarks.md).
# Usage: scripts/bench-nomic-prefixes.sh [url=$LLAMACPP_EMBEDDINGS_URL or http://localhost:8001] [dimension=768]
set -euo pipefail
cd "$(dirname "$0")/.."

module=athena-embedding-client
# One Maven run for both: the second start-up cost as much as the compile check.
./mvnw -q -pl "$module" -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
exec java ${JAVA_OPTS:-} -cp "$module/target/test-classes:$module/target/classes:$(cat "$module/target/bench.classpath")" \
  dev.athena.embedding.llamacpp.NomicPrefixBenchmark "$@"
