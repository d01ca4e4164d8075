#!/usr/bin/env bash
# Imports a JSON Lines export into an Athena project (docs/api.md#export-and-import): scripts/import-project.sh PROJECT FILE
# The project may be new or existing; importing the same file again changes nothing. ATHENA_URL (default
# http://localhost:8000), ATHENA_KEY (an API key bound to the project, when keys are on).
set -euo pipefail

if [[ $# -ne 2 || "$1" == "-h" || "$1" == "--help" ]]; then
  echo "usage: $0 PROJECT FILE   ('-' reads standard input)" >&2
  exit 2
fi
project="$1"
file="$2"
url="${ATHENA_URL:-http://localhost:8000}/projects/$project/import"
auth=()
if [[ -n "${ATHENA_KEY:-}" ]]; then
  auth=(-H "Authorization: Bearer $ATHENA_KEY")
fi
if [[ "$file" != "-" && ! -r "$file" ]]; then
  echo "cannot read $file" >&2
  exit 2
fi

# Streamed (chunked), never held in curl's memory; the answer is the import report or a problem naming the bad line.
curl -sS --fail-with-body "${auth[@]}" -H "Content-Type: application/x-ndjson" -H "Transfer-Encoding: chunked" \
  --data-binary "@$file" "$url"
echo
