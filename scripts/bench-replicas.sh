#!/usr/bin/env bash
# Recall throughput with one and two gateways, without and with one read replica (the streaming standby
# scripts/setup-replica.sh runs on port 5433), each time with a read-your-writes check running beside the load on every
# gateway: a writer that remembers a memory and at once reads it back with get_memory through the same gateway
# (read-your-writes holds per gateway process, docs/operations.md), counting the reads that did not find it. Runs
# scripts/bench.sh four times on one corpus (after the first with --reuse-load; with a replica,
# ATHENA_DATASOURCE_REPLICAS_NODES_0_URL set; with two gateways, --gateways 2). See docs/benchmarks.md.
#
#   scripts/bench-replicas.sh [--memories 2000] [--duration 10] [--warmup 3] [--port 8146]
#
# Environment: ATHENA_BENCH_DB (default athena_bench; EMPTIED first) and the rest as for scripts/bench.sh; the
# replica must hold the same database (it replicates the whole primary cluster).
# Exit status: 0 done and no stale read, 1 a stale read or a failed run, 2 bad arguments.
set -euo pipefail
cd "$(dirname "$0")/.."

MEMORIES=2000
DURATION=10
WARMUP=3
PORT=8146
DB=${ATHENA_BENCH_DB:-athena_bench}
REPLICA_PORT=${ATHENA_REPLICA_PORT:-5433}
WORK=${ATHENA_BENCH_WORK:-target/bench}

log() { printf '[bench-replicas] %s\n' "$*"; }
die() { printf '[bench-replicas] ERROR: %s\n' "$*" >&2; exit "${2:-1}"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --memories) MEMORIES=${2:?}; shift 2 ;;
    --duration) DURATION=${2:?}; shift 2 ;;
    --warmup) WARMUP=${2:?}; shift 2 ;;
    --port) PORT=${2:?}; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" 2 ;;
  esac
done

# Remembers and reads back through the gateway on port $3 until $1 exists; writes "checked stale" to $2.
ryw_check() {
  local stop=$1 out=$2 port=$3 checked=0 stale=0 id status
  until [ -f "$stop" ]; do
    id=$(curl -fsS -m 10 -H 'Content-Type: application/json' "http://127.0.0.1:$port/tools/remember/execute" \
      -d "{\"content\": \"read-your-writes check $checked $RANDOM$RANDOM\", \"project\": \"ryw-check\"}" 2>/dev/null \
      | sed -n 's/.*"id":"\([^"]*\)".*/\1/p') || true
    if [ -z "$id" ]; then
      sleep 0.2
      continue
    fi
    # Athena stopping between the two calls is no stale read: only an answer that did not find the memory is.
    status=$(curl -sS -m 10 -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
      "http://127.0.0.1:$port/tools/get_memory/execute" -d "{\"memory_id\": \"$id\", \"project\": \"ryw-check\"}" \
      2>/dev/null) || continue
    checked=$((checked + 1))
    [ "$status" = 200 ] || stale=$((stale + 1))
  done
  echo "$checked $stale" >"$out"
}

# run LABEL GATEWAYS [bench.sh arguments]
run() {
  local label=$1 gateways=$2; shift 2
  local stop="$WORK/ryw-$label.stop" checkers=() g
  mkdir -p "$WORK"
  rm -f "$stop" "$WORK/ryw-$label".*.out
  for ((g = 0; g < gateways; g++)); do
    ryw_check "$stop" "$WORK/ryw-$label.$g.out" "$((PORT + g))" &
    checkers+=($!)
  done
  log "$label: scripts/bench.sh --gateways $gateways $*"
  local status=0
  ATHENA_BENCH_DB=$DB ATHENA_BENCH_PORT=$PORT bash scripts/bench.sh --memories "$MEMORIES" --duration "$DURATION" \
    --warmup "$WARMUP" --no-floor --port "$PORT" --gateways "$gateways" "$@" | tee "$WORK/bench-$label.txt" || status=$?
  touch "$stop"
  wait "${checkers[@]}"
  local checked=0 stale=0 c s
  for ((g = 0; g < gateways; g++)); do
    read -r c s <"$WORK/ryw-$label.$g.out"
    checked=$((checked + c)) stale=$((stale + s))
  done
  log "$label: read-your-writes check: $checked writes read back through the gateway that wrote them, $stale not found"
  [ "$status" -eq 0 ] || die "$label: scripts/bench.sh failed ($status)"
  [ "$stale" -eq 0 ] || die "$label: $stale stale reads"
  [ "$checked" -gt 0 ] || die "$label: the read-your-writes check read nothing back"
}

REPLICA_URL="jdbc:postgresql://127.0.0.1:$REPLICA_PORT/$DB"
run "1-gateway-0-replicas" 1
ATHENA_DATASOURCE_REPLICAS_NODES_0_URL=$REPLICA_URL run "1-gateway-1-replica" 1 --reuse-load
run "2-gateways-0-replicas" 2 --reuse-load
ATHENA_DATASOURCE_REPLICAS_NODES_0_URL=$REPLICA_URL run "2-gateways-1-replica" 2 --reuse-load
