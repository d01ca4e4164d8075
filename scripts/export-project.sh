#!/usr/bin/env bash
# Exports one Athena project as JSON Lines (docs/api.md#export-and-import): scripts/export-project.sh PROJECT [FILE]
# ATHENA_URL (default http://localhost:8000), ATHENA_KEY (an API key bound to the project, when keys are on),
# ATHENA_EXPORT_VECTORS=false to leave the vectors out (the importing Athena then re-embeds every memory).
set -euo pipefail

if [[ $# -lt 1 || "$1" == "-h" || "$1" == "--help" ]]; then
  echo "usage: $0 PROJECT [FILE]   (FILE defaults to PROJECT.jsonl; '-' writes to standard output)" >&2
  exit 2
fi
project="$1"
file="${2:-$project.jsonl}"
url="${ATHENA_URL:-http://localhost:8000}/projects/$project/export?vectors=${ATHENA_EXPORT_VECTORS:-true}"
auth=()
if [[ -n "${ATHENA_KEY:-}" ]]; then
  auth=(-H "Authorization: Bearer $ATHENA_KEY")
fi

if [[ "$file" == "-" ]]; then
  exec curl -sS --fail-with-body "${auth[@]}" "$url"
fi
partial="$file.partial"
curl -sS --fail-with-body "${auth[@]}" -o "$partial" "$url" || { cat "$partial" >&2 2>/dev/null; rm -f "$partial"; exit 1; }
# A complete export ends with its end line; a connection lost mid-way leaves a file without one.
if ! tail -n 1 "$partial" | grep -q '"kind":"end"'; then
  echo "export of $project is incomplete (no end line); $partial kept for inspection" >&2
  exit 1
fi
mv "$partial" "$file"
echo "exported $project to $file ($(wc -l < "$file") lines)" >&2
