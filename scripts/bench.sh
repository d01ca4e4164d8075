#!/usr/bin/env bash
# Benchmarks Athena end to end over HTTP: builds the jar if needed, empties the benchmark database, starts Athena with
# the chosen embedder, loads N generated memories through remember_batch, then measures recall (concurrency 1, 8, 32),
# remember (concurrency 8), remember_batch (500 per call) and a mixed 80/20 recall/remember run with the athena-bench
# module's load generator (athena-bench/target/athena-bench.jar, built when missing or older than its sources), plus
# Athena's start-up time and resident memory. Prints one table; then, with the hash embedder, the database floor of
# recall (dev.athena.memory.RecallFloor: the same statements over JDBC, no HTTP) and Athena's latency as a multiple of
# it. See docs/benchmarks.md.
#
#   scripts/bench.sh [--memories 10000] [--embedder hash|onnx] [--json OUT] [--port 8130]
#                    [--duration 15] [--warmup 5] [--warmup-max 300] [--seed 42] [--keep-running] [--no-analyze]
#                    [--no-floor] [--reuse-load] [--projects 1] [--gateways 1] [--text-index in-process|database]
#
# The warm-up runs recall in rounds of --warmup seconds until Athena's JIT compiler has settled (a round compiles for
# under 5% of its length), at most --warmup-max seconds, then remember for --warmup seconds; measured phases follow.
# --no-analyze skips the VACUUM (ANALYZE) after the load: recall is then measured on whatever statistics Athena's own
# PlannerStatisticsKeeper gathered (autovacuum is off on the reference machine). --no-floor skips the floor.
# --reuse-load keeps the database as the previous run with the same --memories (and seed) left it and measures again
# without loading (to compare PostgreSQL settings on one corpus: a 300k load takes over 20 minutes here); the earlier
# runs' measured writes stay in it, and each run's writes continue the corpus past them (the state file records where),
# so that remember and remember_batch store new memories instead of being answered as exact duplicates.
# --projects P > 1 first loads P - 1 other projects of --memories each (other seeds), then the measured project:
# recall and the floor run in one project among P sharing the tables and the HNSW index.
# --gateways 2 starts a second Athena on --port + 1 against the same database: the load goes through the first, the
# measured phases take the two in turn, and the Athena CPU column adds both processes up (resident memory: the first).
# --text-index database runs BM25 in PostgreSQL (athena.recall.text-index.enabled=false), as before the in-process
# index, and the floor issues that path's statements.
#
# Environment:
#   ATHENA_BENCH_DB          database to use; EMPTIED first (default athena_bench). On this machine (the default host)
#                            scripts/setup-postgres.sh creates it with the vector extension; a remote one must exist
#   ATHENA_BENCH_DB_HOST     PostgreSQL host (default 127.0.0.1), ATHENA_BENCH_DB_PORT (default 5432)
#   ATHENA_DB_USER           role (default athena), ATHENA_DB_PASSWORD (default athena)
#   ATHENA_BENCH_JAVA_OPTS   JVM options of Athena (default: the JAVA_OPTS scripts/run.sh uses; empty for the JVM's own)
#   ATHENA_BENCH_WORK        where the log, the load state and Athena's output go (default target/bench)
#
# Exit status: 0 done, 1 a request failed or Athena did not start, 2 bad arguments or a missing tool.
set -euo pipefail
cd "$(dirname "$0")/.."

MEMORIES=10000
EMBEDDER="hash"
JSON_OUT=""
PORT=${ATHENA_BENCH_PORT:-8130}
DURATION=15
WARMUP=5
WARMUP_MAX=300
SEED=42
KEEP_RUNNING=false
ANALYZE=true
FLOOR=true
REUSE_LOAD=false
PROJECTS=1
GATEWAYS=1
TEXT_INDEX=in-process
DB=${ATHENA_BENCH_DB:-athena_bench}
DB_HOST=${ATHENA_BENCH_DB_HOST:-127.0.0.1}
DB_PORT=${ATHENA_BENCH_DB_PORT:-5432}
DB_USER=${ATHENA_DB_USER:-athena}
DB_PASSWORD=${ATHENA_DB_PASSWORD:-athena}
WORK=${ATHENA_BENCH_WORK:-target/bench}

die() { printf 'bench: %s\n' "$1" >&2; exit "${2:-2}"; }
log() { printf 'bench: %s\n' "$*" >&2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --memories) MEMORIES=${2:?}; shift 2 ;;
    --embedder) EMBEDDER=${2:?}; shift 2 ;;
    --json) JSON_OUT=${2:?}; shift 2 ;;
    --port) PORT=${2:?}; shift 2 ;;
    --duration) DURATION=${2:?}; shift 2 ;;
    --warmup) WARMUP=${2:?}; shift 2 ;;
    --warmup-max) WARMUP_MAX=${2:?}; shift 2 ;;
    --seed) SEED=${2:?}; shift 2 ;;
    --keep-running) KEEP_RUNNING=true; shift ;;
    --no-analyze) ANALYZE=false; shift ;;
    --no-floor) FLOOR=false; shift ;;
    --reuse-load) REUSE_LOAD=true; shift ;;
    --projects) PROJECTS=${2:?}; shift 2 ;;
    --gateways) GATEWAYS=${2:?}; shift 2 ;;
    --text-index) TEXT_INDEX=${2:?}; shift 2 ;;
    -h|--help) sed -n '2,37p' "$0"; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
case "$EMBEDDER" in hash|onnx) ;; *) die "--embedder must be hash or onnx, was '$EMBEDDER'" ;; esac
[[ "$MEMORIES" =~ ^[0-9]+$ && "$MEMORIES" -gt 0 ]] || die "--memories must be a positive number, was '$MEMORIES'"
[[ "$DURATION" =~ ^[0-9]+$ && "$DURATION" -gt 0 ]] || die "--duration must be a positive number of seconds"
[[ "$WARMUP" =~ ^[0-9]+$ ]] || die "--warmup must be a number of seconds"
[[ "$WARMUP_MAX" =~ ^[0-9]+$ ]] || die "--warmup-max must be a number of seconds"
[[ "$PROJECTS" =~ ^[0-9]+$ && "$PROJECTS" -gt 0 ]] || die "--projects must be a positive number, was '$PROJECTS'"
case "$GATEWAYS" in 1|2) ;; *) die "--gateways must be 1 or 2, was '$GATEWAYS'" ;; esac
case "$TEXT_INDEX" in
  in-process) ;;
  database) export ATHENA_RECALL_TEXTINDEX_ENABLED=false
            # The index's gauge reads 0 for ever when it is off: nothing to wait for before the warm-up.
            INDEX_WAIT=0 ;;
  *) die "--text-index must be in-process or database, was '$TEXT_INDEX'" ;;
esac
for tool in java psql curl; do
  command -v "$tool" >/dev/null || die "$tool is required (psql empties the database; scripts/setup-postgres.sh installs PostgreSQL)"
done

# shellcheck source=scripts/lib/local-athena.sh
. scripts/lib/local-athena.sh
local_athena_build
local_athena_build_bench
BENCH_JAR=$LOCAL_ATHENA_BENCH_JAR
BENCH=(java -jar "$BENCH_JAR")
local_athena_database "$DB" "$DB_HOST"

mkdir -p "$WORK"
export PGPASSWORD=$DB_PASSWORD PGOPTIONS="-c client_min_messages=warning"
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d "$DB")

STATE="$WORK/load.properties"
if [ "$REUSE_LOAD" = true ]; then
  grep -qx "load.memories=$MEMORIES" "$STATE" 2>/dev/null \
    || die "--reuse-load needs $STATE from a run with --memories $MEMORIES"
  log "reusing the corpus of the previous run in $DB (--reuse-load)"
else
log "emptying database $DB"
local_athena_empty_database "${PSQL[@]}" || die "cannot empty database $DB on $DB_HOST:$DB_PORT as $DB_USER" 1
fi

SECOND_PID=""
stop_gateways() {
  local_athena_stop
  if [ -n "$SECOND_PID" ]; then
    LOCAL_ATHENA_PID=$SECOND_PID local_athena_stop
  fi
}
if [ "$KEEP_RUNNING" != true ]; then
  trap stop_gateways EXIT
fi
# The same JVM options as scripts/run.sh unless ATHENA_BENCH_JAVA_OPTS says otherwise (docs/benchmarks.md: resident memory).
JAVA_OPTS_FOR_ATHENA=${ATHENA_BENCH_JAVA_OPTS-$LOCAL_ATHENA_JAVA_OPTS}
log "starting Athena on port $PORT (embedder $EMBEDDER, JAVA_OPTS: ${JAVA_OPTS_FOR_ATHENA:-none}); log: $WORK/athena.log"
# Open mode on loopback: the caller's keys are not the benchmark's (an empty ATHENA_API_KEYS would stop the start).
unset ATHENA_API_KEYS
ATHENA_EMBEDDING_PROVIDER="$EMBEDDER" \
  local_athena_start "$PORT" "jdbc:postgresql://$DB_HOST:$DB_PORT/$DB" "$WORK/athena.log"
ATHENA_PID=$LOCAL_ATHENA_PID
STARTUP_MS=$LOCAL_ATHENA_STARTUP_MS
log "Athena is up after $STARTUP_MS ms (pid $ATHENA_PID)"
MEASURED_URLS="http://127.0.0.1:$PORT"
MEASURED_PIDS=$ATHENA_PID
if [ "$GATEWAYS" = 2 ]; then
  log "starting a second Athena on port $((PORT + 1)); log: $WORK/athena-2.log"
  ATHENA_EMBEDDING_PROVIDER="$EMBEDDER" \
    local_athena_start "$((PORT + 1))" "jdbc:postgresql://$DB_HOST:$DB_PORT/$DB" "$WORK/athena-2.log"
  SECOND_PID=$LOCAL_ATHENA_PID
  LOCAL_ATHENA_PID=$ATHENA_PID
  MEASURED_URLS="$MEASURED_URLS,http://127.0.0.1:$((PORT + 1))"
  MEASURED_PIDS="$MEASURED_PIDS,$SECOND_PID"
fi

URL="http://127.0.0.1:$PORT"
COMMON=(--url "$URL" --memories "$MEMORIES" --seed "$SEED" --pid "$ATHENA_PID" --db "$DB" --state "$STATE")
if [ "$REUSE_LOAD" != true ] && [ "$PROJECTS" -gt 1 ]; then
  log "loading $((PROJECTS - 1)) other projects of $MEMORIES memories each (log: $WORK/other-projects.log)"
  for ((i = 1; i < PROJECTS; i++)); do
    "${BENCH[@]}" load --url "$URL" --memories "$MEMORIES" --seed "$((SEED + i))" --project "$(printf 'other-%03d' "$i")" \
      --state "$WORK/other-project.properties" >>"$WORK/other-projects.log" 2>&1 \
      || die "loading project other-$i failed (see $WORK/other-projects.log)" 1
  done
fi
if [ "$REUSE_LOAD" != true ]; then
  log "loading $MEMORIES memories through remember_batch"
  "${BENCH[@]}" load "${COMMON[@]}"
fi
# A bulk load is followed by autovacuum's ANALYZE (and the GIN index's pending-list cleanup) within a minute in
# production; doing it now makes the measured phases start from that steady state instead of racing it.
if [ "$ANALYZE" = true ]; then
  log "VACUUM (ANALYZE) memories"
  "${PSQL[@]}" -c "VACUUM (ANALYZE) memories"
else
  log "no ANALYZE: recall runs on the statistics Athena gathered itself ($("${PSQL[@]}" -Atc \
    "SELECT coalesce(CAST(greatest(last_analyze, last_autoanalyze) AS text), 'never analyzed') FROM pg_stat_user_tables WHERE relname = 'memories'"))"
fi

log "measuring (each phase ${DURATION} s after a warm-up)"
# The later --url and --pid win: the measured phases go to every gateway, the load above went through the first.
MEASURE_ARGS=("${COMMON[@]}" --url "$MEASURED_URLS" --pid "$MEASURED_PIDS" --duration "$DURATION" --warmup "$WARMUP"
  --warmup-max "$WARMUP_MAX" --index-wait "${INDEX_WAIT:-$WARMUP_MAX}" --embedder "$EMBEDDER" --startup-ms "$STARTUP_MS")
ATHENA_JSON=${JSON_OUT:-$WORK/bench.json}
MEASURE_ARGS+=(--json "$ATHENA_JSON")
"${BENCH[@]}" measure "${MEASURE_ARGS[@]}"

if [ "$FLOOR" = true ] && [ "$EMBEDDER" = hash ]; then
  # The floor replays the recall phases' first queries with the same embedder (the hash stub is deterministic).
  log "measuring the database floor of recall (RecallFloor over JDBC, same queries, same database)"
  (cd "$LOCAL_ATHENA_REPO" && ./mvnw -q -pl athena-memory -am test-compile dependency:build-classpath \
      -Dmdep.includeScope=test -Dmdep.outputFile=target/floor.classpath) >&2 || die "building RecallFloor failed" 1
  "${BENCH[@]}" queries --memories "$MEMORIES" --seed "$SEED" --count 200 > "$WORK/queries.txt"
  java -cp "athena-memory/target/test-classes:athena-memory/target/classes:$(cat athena-memory/target/floor.classpath)" \
    dev.athena.memory.RecallFloor --jdbc-url "jdbc:postgresql://$DB_HOST:$DB_PORT/$DB" --user "$DB_USER" \
    --password "$DB_PASSWORD" --project bench --queries "$WORK/queries.txt" --duration "$DURATION" \
    --warmup "$WARMUP" --text-index "$TEXT_INDEX" --athena-json "$ATHENA_JSON"
fi

if [ "$KEEP_RUNNING" = true ]; then
  log "Athena keeps running on $MEASURED_URLS (pids $MEASURED_PIDS); stop it with: kill ${MEASURED_PIDS//,/ }"
fi
