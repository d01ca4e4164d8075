#!/usr/bin/env bash
# Benchmarks the llama.cpp embedding adapter against a local stub that answers after a fixed delay (no model server
# needed): one text per request against batches, throughput and the adapter's own overhead. See docs/benchmarks.md.
# Usage: scripts/bench-embedding.sh [texts=10000] [stub-delay-ms=10] [batch-size=64]
set -euo pipefail
cd "$(dirname "$0")/.."

module=athena-embedding-client
# One Maven run for both: the second start-up cost as much as the compile check.
./mvnw -q -pl "$module" -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
exec java ${JAVA_OPTS:-} -cp "$module/target/test-classes:$module/target/classes:$(cat "$module/target/bench.classpath")" \
  dev.athena.embedding.llamacpp.EmbeddingBenchmark "$@"
