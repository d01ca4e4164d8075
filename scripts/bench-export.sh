#!/usr/bin/env bash
# Benchmarks one project's export and import end to end over HTTP (docs/api.md#export-and-import): builds the jars if
# needed, empties the benchmark database, starts Athena with the hash embedder, stores N generated memories through
# remember_batch and E events through batch_record_events in one project, then times exporting it (with vectors),
# importing the file into a new project and exporting that copy, and checks that the copy holds every memory and
# event. Prints one table. The target (docs/benchmarks.md, "Export and import"): the round trip of 10,000 memories and
# 5,000 events within a minute.
#
#   scripts/bench-export.sh [--memories 10000] [--events 5000] [--port 8140] [--seed 42]
#
# Environment: ATHENA_BENCH_EXPORT_DB (default athena_bench_export; EMPTIED first), ATHENA_BENCH_DB_HOST (default
# 127.0.0.1), ATHENA_BENCH_DB_PORT (5432), ATHENA_DB_USER / ATHENA_DB_PASSWORD (athena / athena),
# ATHENA_BENCH_WORK (default target/bench-export: the log, the load state and the export files).
# Exit status: 0 done, 1 a step failed or the copy differs, 2 bad arguments or a missing tool.
set -euo pipefail
cd "$(dirname "$0")/.."

MEMORIES=10000
EVENTS=5000
PORT=${ATHENA_BENCH_PORT:-8140}
SEED=42
DB=${ATHENA_BENCH_EXPORT_DB:-athena_bench_export}
DB_HOST=${ATHENA_BENCH_DB_HOST:-127.0.0.1}
DB_PORT=${ATHENA_BENCH_DB_PORT:-5432}
DB_USER=${ATHENA_DB_USER:-athena}
DB_PASSWORD=${ATHENA_DB_PASSWORD:-athena}
WORK=${ATHENA_BENCH_WORK:-target/bench-export}
PROJECT=export-bench
COPY=export-bench-copy
EVENT_BATCH=1000

die() { printf 'bench-export: %s\n' "$1" >&2; exit "${2:-2}"; }
log() { printf 'bench-export: %s\n' "$*" >&2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --memories) MEMORIES=${2:?}; shift 2 ;;
    --events) EVENTS=${2:?}; shift 2 ;;
    --port) PORT=${2:?}; shift 2 ;;
    --seed) SEED=${2:?}; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
[[ "$MEMORIES" =~ ^[0-9]+$ && "$MEMORIES" -gt 0 ]] || die "--memories must be a positive number, was '$MEMORIES'"
[[ "$EVENTS" =~ ^[0-9]+$ ]] || die "--events must be a number, was '$EVENTS'"
for tool in java psql curl python3; do
  command -v "$tool" >/dev/null || die "$tool is required"
done

# shellcheck source=scripts/lib/local-athena.sh
. scripts/lib/local-athena.sh
local_athena_build
local_athena_build_bench
BENCH_JAR=$LOCAL_ATHENA_BENCH_JAR
local_athena_database "$DB" "$DB_HOST"
mkdir -p "$WORK"
export PGPASSWORD=$DB_PASSWORD PGOPTIONS="-c client_min_messages=warning"
log "emptying database $DB"
local_athena_empty_database psql -X -q -v ON_ERROR_STOP=1 -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d "$DB" \
  || die "cannot empty database $DB on $DB_HOST:$DB_PORT as $DB_USER" 1

trap local_athena_stop EXIT
unset ATHENA_API_KEYS
log "starting Athena on port $PORT (hash embedder); log: $WORK/athena.log"
ATHENA_EMBEDDING_PROVIDER="hash" local_athena_start "$PORT" "jdbc:postgresql://$DB_HOST:$DB_PORT/$DB" "$WORK/athena.log"
URL="http://127.0.0.1:$PORT"

log "storing $MEMORIES memories through remember_batch"
java -jar "$BENCH_JAR" load --url "$URL" --memories "$MEMORIES" --seed "$SEED" --project "$PROJECT" \
  --state "$WORK/load.properties" >&2 || die "loading the memories failed" 1
log "recording $EVENTS events through batch_record_events"
for ((first = 0; first < EVENTS; first += EVENT_BATCH)); do
  count=$((EVENTS - first < EVENT_BATCH ? EVENTS - first : EVENT_BATCH))
  python3 - "$PROJECT" "$first" "$count" > "$WORK/events.json" <<'PY'
import json, sys
project, first, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
kinds = ["error", "file_change", "test_run", "decision"]
events = [{"event_type": kinds[i % len(kinds)], "session_id": "s-%d" % (i // 50),
           "content": "Event %d: the build of module %d took %d s" % (i, i % 17, 30 + i % 90)}
          for i in range(first, first + count)]
print(json.dumps({"project": project, "events": events}))
PY
  curl -sS --fail-with-body -H "Content-Type: application/json" --data-binary "@$WORK/events.json" \
    "$URL/tools/batch_record_events/execute" -o /dev/null || die "recording events failed" 1
done

seconds_since() { python3 -c "import sys, time; print('%.1f' % (time.time() - float(sys.argv[1])))" "$1"; }
now() { python3 -c 'import time; print(time.time())'; }

started=$(now)
t=$(now)
ATHENA_URL=$URL scripts/export-project.sh "$PROJECT" "$WORK/original.jsonl" 2>/dev/null || die "the export failed" 1
export_s=$(seconds_since "$t")
t=$(now)
report=$(ATHENA_URL=$URL scripts/import-project.sh "$COPY" "$WORK/original.jsonl") || die "the import failed: $report" 1
import_s=$(seconds_since "$t")
t=$(now)
ATHENA_URL=$URL scripts/export-project.sh "$COPY" "$WORK/copy.jsonl" 2>/dev/null || die "the copy's export failed" 1
copy_s=$(seconds_since "$t")
total_s=$(seconds_since "$started")

lines=$(wc -l < "$WORK/original.jsonl")
copy_lines=$(wc -l < "$WORK/copy.jsonl")
bytes=$(wc -c < "$WORK/original.jsonl")
imported=$(python3 -c 'import json, sys; r = json.loads(sys.argv[1]); print(r["memories_imported"], r["events_imported"])' "$report")
read -r memories_imported events_imported <<< "$imported"
# The generated corpus repeats a few memories, which remember_batch stores once: the export says how many it holds.
exported=$(python3 -c 'import json, sys; print(sum(1 for line in open(sys.argv[1]) if json.loads(line).get("kind") == "memory"))' \
  "$WORK/original.jsonl")

printf '\n| step (%s memories, %s events, %s lines, %s MB with vectors) | seconds | lines/s |\n|---|---|---|\n' \
  "$exported" "$EVENTS" "$lines" "$((bytes / 1048576))"
for row in "export:$export_s" "import into a new project:$import_s" "export of the copy:$copy_s" "round trip:$total_s"; do
  step=${row%%:*} s=${row##*:}
  printf '| %s | %s | %s |\n' "$step" "$s" "$(python3 -c "print(round($lines / max($s, 0.001)))")"
done
echo
echo "exported $exported memories (of $MEMORIES generated) and $EVENTS events; imported $memories_imported memories," \
  "$events_imported events; the copy's export has $copy_lines lines"
if [ "$memories_imported" != "$exported" ] || [ "$events_imported" != "$EVENTS" ] || [ "$copy_lines" != "$lines" ]; then
  die "the copy differs from the original (expected $exported memories, $EVENTS events, $lines lines)" 1
fi
