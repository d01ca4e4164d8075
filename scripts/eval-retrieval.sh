#!/usr/bin/env bash
# Measures Athena's recall quality on a JSON Lines fixture through the HTTP API of a running Athena: each case is
# loaded into its own new project, every query is asked, and recall@1/5/10, hit@5, MRR, ingest throughput and
# recall latency are printed as a table and written as JSON. Nothing is deleted afterwards. See docs/evaluation.md.
#
#   scripts/eval-retrieval.sh FILE [--url URL] [--mode hybrid|vector|text] [--no-rerank] [--k-max 10]
#                             [--json OUT] [--api-key KEY] [--check]
#
# Exit status: 0 done, 1 malformed fixture (the message names the line), 2 bad arguments,
# 3 Athena unreachable or answering an error.
set -euo pipefail

if ! command -v python3 >/dev/null 2>&1; then
  echo "eval-retrieval: python3 is required (standard library only, no packages)" >&2
  exit 2
fi
exec python3 "$(dirname "$0")/eval_retrieval.py" "$@"
