#!/usr/bin/env bash
# Soak test of a running Athena: concurrent clients call remember, recall, record_event, list_memories, get_memory
# and recall_events for a set time; prints errors (there must be none) and latency drift per window. See
# docs/operations.md#soak-test.
#
#   scripts/soak.sh [--duration 5m] [--clients 32] [--url http://localhost:8000] [--window 60s] [--project P]
#                   [--seed-memories 200] [--api-key KEY] [--max-p99-drift FACTOR] [--json OUT] [--seed N]
#
# Exit status: 0 no error, 1 errors (or the p99 drift limit exceeded), 2 bad arguments, 3 Athena unreachable.
set -euo pipefail

if ! command -v python3 >/dev/null 2>&1; then
  echo "soak: python3 is required (standard library only, no packages)" >&2
  exit 2
fi
exec python3 "$(dirname "$0")/soak.py" "$@"
