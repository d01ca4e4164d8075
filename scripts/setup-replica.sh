#!/usr/bin/env bash
# Creates and starts a streaming hot-standby replica of the local PostgreSQL primary (the Debian cluster that
# setup-postgres.sh prepares), for the read-replica tests and benchmarks: a second cluster on its own port, made with
# `pg_basebackup -R -X stream`, replaying the primary's WAL as it streams. Safe to run twice: a replica that runs and
# streams is left alone, a stopped one is started, one that can no longer catch up is made again.
#
# Usage: setup-replica.sh          create or start the replica
#        setup-replica.sh --stop   stop it (its data directory is kept, so the next run starts it again)
#
# Environment:
#   ATHENA_REPLICA_PORT      port of the replica (default 5433)
#   ATHENA_REPLICA_DIR       its data directory (default /var/lib/postgresql/athena-replica-<major>)
#   ATHENA_PRIMARY_PORT      port of the primary (default 5432, on 127.0.0.1)
#   ATHENA_PRIMARY_CONF_DIR  the primary's Debian configuration (default /etc/postgresql/<major>/main)
set -euo pipefail

PG_MAJOR=${PG_MAJOR:-15}
BIN=/usr/lib/postgresql/${PG_MAJOR}/bin
PRIMARY_PORT=${ATHENA_PRIMARY_PORT:-5432}
PRIMARY_CONF_DIR=${ATHENA_PRIMARY_CONF_DIR:-/etc/postgresql/${PG_MAJOR}/main}
REPLICA_PORT=${ATHENA_REPLICA_PORT:-5433}
REPLICA_DIR=${ATHENA_REPLICA_DIR:-/var/lib/postgresql/athena-replica-${PG_MAJOR}}
REPLICA_LOG=${REPLICA_DIR}.log
HBA_LINE="host replication all 127.0.0.1/32 trust"
export PGOPTIONS="-c client_min_messages=warning"

log() { printf '[setup-replica] %s\n' "$*"; }
die() { printf '[setup-replica] ERROR: %s\n' "$*" >&2; exit 1; }

as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"; elif [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

primary_sql() { as_postgres "$BIN/psql" -h 127.0.0.1 -p "$PRIMARY_PORT" -d postgres -XAtq -c "$1"; }
replica_sql() { as_postgres "$BIN/psql" -h 127.0.0.1 -p "$REPLICA_PORT" -d postgres -XAtq -c "$1"; }

replica_running() { as_postgres "$BIN/pg_ctl" status -D "$REPLICA_DIR" >/dev/null 2>&1; }

stop_replica() {
  if [ -d "$REPLICA_DIR" ] && replica_running; then
    as_postgres "$BIN/pg_ctl" stop -D "$REPLICA_DIR" -m fast -w -t 60 >/dev/null
    log "replica on port ${REPLICA_PORT} stopped"
  else
    log "replica on port ${REPLICA_PORT} is not running"
  fi
}

check_primary() {
  [ -x "$BIN/pg_basebackup" ] || die "PostgreSQL ${PG_MAJOR} binaries not found in ${BIN}"
  primary_sql "SELECT 1" >/dev/null 2>&1 || die "the primary on 127.0.0.1:${PRIMARY_PORT} does not answer (run scripts/setup-postgres.sh)"
  local wal_level senders
  wal_level=$(primary_sql "SHOW wal_level")
  senders=$(primary_sql "SHOW max_wal_senders")
  case "$wal_level" in
    replica|logical) ;;
    *) die "the primary's wal_level is '${wal_level}': streaming replication needs 'replica' (restart after changing it)" ;;
  esac
  [ "$senders" -gt 0 ] || die "the primary's max_wal_senders is 0: streaming replication needs at least 1"
}

# The primary accepts replication connections from this host; added once, then the configuration is reloaded.
allow_replication() {
  local hba="${PRIMARY_CONF_DIR}/pg_hba.conf"
  [ -f "$hba" ] || die "the primary's pg_hba.conf is not at ${hba} (set ATHENA_PRIMARY_CONF_DIR)"
  if ! grep -Eq '^[[:space:]]*host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust' "$hba"; then
    printf '%s\n' "$HBA_LINE" >>"$hba"
    primary_sql "SELECT pg_reload_conf()" >/dev/null
    log "allowed replication connections from 127.0.0.1 in ${hba}"
  fi
}

# Debian keeps the configuration in /etc, so the copied data directory has none: the replica gets a minimal one of
# its own. The limits a hot standby checks against the primary's (connections, workers, locks) are copied from it.
write_replica_config() {
  local setting
  {
    echo "# Written by scripts/setup-replica.sh: a hot standby of 127.0.0.1:${PRIMARY_PORT}"
    echo "port = ${REPLICA_PORT}"
    echo "listen_addresses = '127.0.0.1'"
    echo "unix_socket_directories = '/var/run/postgresql'"
    echo "hot_standby = on"
    echo "hot_standby_feedback = on"
    echo "shared_buffers = 64MB"
    echo "dynamic_shared_memory_type = posix"
    echo "timezone = 'Etc/UTC'"
    echo "log_timezone = 'Etc/UTC'"
    echo "cluster_name = 'athena-replica'"
    for setting in max_connections max_worker_processes max_wal_senders max_prepared_transactions max_locks_per_transaction; do
      echo "${setting} = $(primary_sql "SHOW ${setting}")"
    done
  } | as_postgres tee "${REPLICA_DIR}/postgresql.conf" >/dev/null
  printf '%s\n' "local all all trust" "host all all 127.0.0.1/32 trust" \
    | as_postgres tee "${REPLICA_DIR}/pg_hba.conf" >/dev/null
  : | as_postgres tee "${REPLICA_DIR}/pg_ident.conf" >/dev/null
}

create_replica() {
  log "copying the primary into ${REPLICA_DIR} (pg_basebackup -R -X stream)"
  as_postgres rm -rf "$REPLICA_DIR"
  if ! as_postgres mkdir -p -m 700 "$REPLICA_DIR" 2>/dev/null; then
    [ "$(id -u)" -eq 0 ] || die "cannot create ${REPLICA_DIR} as postgres (set ATHENA_REPLICA_DIR)"
    install -d -o postgres -g postgres -m 700 "$REPLICA_DIR"
  fi
  as_postgres "$BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$REPLICA_DIR" -R -X stream \
    -c fast --no-sync
  write_replica_config
}

start_replica() {
  as_postgres "$BIN/pg_ctl" start -D "$REPLICA_DIR" -l "$REPLICA_LOG" -w -t 60 >/dev/null
}

# Streaming means: in recovery, and the WAL receiver connected to the primary.
streaming() {
  [ "$(replica_sql "SELECT pg_is_in_recovery()" 2>/dev/null)" = t ] \
    && [ "$(replica_sql "SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming'" 2>/dev/null)" = 1 ]
}

wait_for_streaming() {
  local _
  for _ in $(seq 1 30); do
    if streaming; then
      return 0
    fi
    sleep 1
  done
  return 1
}

if [ "${1:-}" = "--stop" ]; then
  stop_replica
  exit 0
fi
[ $# -eq 0 ] || die "unknown argument '$1' (usage: setup-replica.sh [--stop])"

check_primary
allow_replication
if [ -d "$REPLICA_DIR" ] && replica_running && streaming; then
  log "replica on port ${REPLICA_PORT} is running and streaming"
  exit 0
fi
if [ -f "${REPLICA_DIR}/standby.signal" ]; then
  replica_running || start_replica || true
  if wait_for_streaming; then
    log "replica on port ${REPLICA_PORT} started and streaming"
    exit 0
  fi
  log "the replica in ${REPLICA_DIR} does not stream (WAL it needs may be gone): making it again"
  stop_replica
fi
create_replica
start_replica || die "the replica did not start; see ${REPLICA_LOG}"
wait_for_streaming || die "the replica started but does not stream from the primary; see ${REPLICA_LOG}"
log "replica on port ${REPLICA_PORT} streams from 127.0.0.1:${PRIMARY_PORT} (data in ${REPLICA_DIR})"
