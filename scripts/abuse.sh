#!/usr/bin/env bash
# Abuse run against Athena, bounded in time: one API key floods MCP initializes (with 1 MB clientInfo among them) and
# heavy concurrent compress_prompt calls, while another key measures /health and recall latency and the gateway's
# resident memory is sampled. Prints a table; see docs/security.md#abuse-run.
#
#   scripts/abuse.sh [--duration 30s] [--start [--port 8090]] [--url http://localhost:8000]
#                    [--attacker-key KEY --victim-key KEY --victim-project P --admin-key KEY] [--pid PID]
#                    [--init-threads 4] [--compress-threads 20] [--json OUT]
#
# --start builds (if needed) and starts Athena itself with three keys, on the database of SPRING_DATASOURCE_URL
# (default jdbc:postgresql://127.0.0.1:5432/athena), and stops it at the end.
# Exit status: 0 every limit held, 1 a limit was exceeded (/health over 1 s, recall p95 over 1 s and 4x its baseline,
# resident memory over 800 MB), 2 bad arguments, 3 Athena unreachable.
set -euo pipefail

if ! command -v python3 >/dev/null 2>&1; then
  echo "abuse: python3 is required (standard library only, no packages)" >&2
  exit 2
fi
exec python3 "$(dirname "$0")/abuse.py" "$@"
