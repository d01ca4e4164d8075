#!/usr/bin/env bash
# An init script of the postgres service in docker-compose.replica.yml: lets the replica stream from the primary.
# Runs once, when the data volume is new; on an existing volume add the same line to pg_hba.conf and reload.
set -euo pipefail
echo "host replication all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
