#!/usr/bin/env bash
# Measures Athena's recall quality on a JSON Lines fixture through the HTTP API of a running Athena: each case is
# loaded into its own new project, every query is asked, and recall@1/5/10, hit@5, MRR, ingest throughput and
# recall latency are printed as a table and written as JSON. Nothing is deleted afterwards. See docs/evaluation.md.
#
#   scripts/eval-retrieval.sh FILE [--start | --url URL] [--mode hybrid|vector|text] [--no-rerank] [--k-max 10]
#                             [--json OUT] [--api-key KEY] [--check]
#
# --start builds the jar when it is stale, prepares the database ATHENA_EVAL_DB (default athena_eval) on this machine
# with scripts/setup-postgres.sh, starts an Athena of its own on a free port (embedded defaults, no API keys), runs the
# evaluation against it and stops it; its log is target/eval/athena.log. Without --start, --url (default
# http://localhost:8000) names a running Athena, e.g. the one scripts/run.sh started. --check and --help need no server
# and start none.
#
# Exit status: 0 done, 1 malformed fixture (the message names the line) or the started Athena failed, 2 bad arguments,
# 3 Athena unreachable or answering an error.
set -euo pipefail

log() { printf 'eval-retrieval: %s\n' "$*" >&2; }
die() { printf 'eval-retrieval: %s\n' "$1" >&2; exit "${2:-2}"; }

command -v python3 >/dev/null 2>&1 || die "python3 is required (standard library only, no packages)"
EVALUATOR="$(dirname "$0")/eval_retrieval.py"

START=false
NEEDS_SERVER=true
ARGS=()
for argument in "$@"; do
  case "$argument" in
    --start) START=true ;;
    --check|-h|--help) NEEDS_SERVER=false; ARGS+=("$argument") ;;
    *) ARGS+=("$argument") ;;
  esac
done
if ! $START || ! $NEEDS_SERVER; then
  exec python3 "$EVALUATOR" ${ARGS[@]+"${ARGS[@]}"}
fi
for argument in ${ARGS[@]+"${ARGS[@]}"}; do
  case "$argument" in --url|--url=*) die "--start and --url exclude each other: --start evaluates an Athena of its own" ;; esac
done
command -v curl >/dev/null || die "curl is required by --start (it waits for Athena's /health)"

# shellcheck source=scripts/lib/local-athena.sh
. "$(dirname "$0")/lib/local-athena.sh"
DB=${ATHENA_EVAL_DB:-athena_eval}
WORK="$LOCAL_ATHENA_REPO/target/eval"
local_athena_build
local_athena_database "$DB" 127.0.0.1
mkdir -p "$WORK"
PORT=$(local_athena_free_port)
trap local_athena_stop EXIT
log "starting Athena on port $PORT against database $DB (log: $WORK/athena.log)"
# Open mode on loopback: the caller's keys are not this Athena's (an empty ATHENA_API_KEYS would stop the start).
unset ATHENA_API_KEYS
local_athena_start "$PORT" "jdbc:postgresql://127.0.0.1:5432/$DB" "$WORK/athena.log"
log "Athena is up after $LOCAL_ATHENA_STARTUP_MS ms"
python3 "$EVALUATOR" ${ARGS[@]+"${ARGS[@]}"} --url "http://127.0.0.1:$PORT"
