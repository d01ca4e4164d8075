#!/usr/bin/env bash
# Documentation smoke test: runs the shell commands shown in README.md and docs/*.md, as a reader on a fresh machine
# would, and fails naming the document and line of any command that fails. A marker before each bash block says
# whether it runs and, if not, why (a Docker engine, a model server, ...). scripts/test.sh runs it after the Maven
# build. See docs/operations.md#documentation-smoke-test.
#
#   scripts/smoke-docs.sh [--check] [--database athena_docs|none] [DOCUMENT...]
#
#   --check     only check that every command block has a valid marker (a second, nothing started)
#   --database  the database the documents' Athena uses (default athena_docs; NAME_bench and NAME_eval for bench.sh
#               and eval-retrieval.sh --start); all three are dropped first, so the scripts create them as on a
#               fresh machine and the examples never land in your own `athena` database
#   DOCUMENT    run only these, e.g. docs/api.md (servers a skipped document would start are then not there)
#
# The documents use port 8000 (and 8126): an Athena you already run there makes the run fail, by design.
# Exit status: 0 every runnable command succeeded, 1 a command failed or a block is unmarked (named as FILE:LINE).
set -euo pipefail

if ! command -v python3 >/dev/null 2>&1; then
  echo "smoke-docs: python3 is required (standard library only, no packages)" >&2
  exit 2
fi
exec python3 "$(dirname "$0")/docs_smoke.py" "$@"
