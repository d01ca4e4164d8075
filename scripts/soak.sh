#!/usr/bin/env bash
# Soak test of a running Athena: concurrent clients call remember, recall, record_event, list_memories, get_memory
# and recall_events for a set time; prints errors (there must be none) and latency drift per window. Runs the
# athena-bench module's tool-soak (the load driver scripts/bench.sh uses), built when missing or older than its
# sources. See docs/operations.md#soak-test.
#
#   scripts/soak.sh [--duration 5m] [--clients 32] [--url http://localhost:8000] [--window 60s] [--project P]
#                   [--seed-memories 200] [--api-key KEY] [--max-p99-drift FACTOR] [--json OUT] [--seed N]
#
# Exit status: 0 no error, 1 errors (or the p99 drift limit exceeded), 2 bad arguments or no Java, 3 Athena
# unreachable.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
JAR="$REPO/athena-bench/target/athena-bench.jar"
if ! command -v java >/dev/null 2>&1; then
  echo "soak: java (17 or newer) is required" >&2
  exit 2
fi
if [ ! -f "$JAR" ] \
    || [ -n "$(find "$REPO/athena-bench/src/main" "$REPO/athena-bench/pom.xml" -newer "$JAR" -print -quit)" ]; then
  echo "soak: building athena-bench/target/athena-bench.jar (./mvnw -q -DskipTests -pl athena-bench package)" >&2
  (cd "$REPO" && ./mvnw -q -B -DskipTests -Dmaven.jar.forceCreation=true -pl athena-bench package) >&2 \
    || { echo "soak: building athena-bench failed" >&2; exit 2; }
fi
exec java -jar "$JAR" tool-soak "$@"
