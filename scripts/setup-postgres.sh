#!/usr/bin/env bash
# Prepares a local PostgreSQL with pgvector for Athena: installs PostgreSQL if missing, installs pgvector
# (the distribution package when it is recent enough, otherwise Debian trixie's source package built here),
# starts the cluster if it is down, and creates the `athena` role and database. Safe to run twice.
#
# Environment:
#   ATHENA_DB_NAMES                  databases to create, space separated (default: "athena athena_test
#                                    athena_test_gateways"; the tests use athena_test, and the two-gateway test a
#                                    database of its own that no test's application context backfills or consolidates)
#   ATHENA_DB_USER                   role that owns them (default: athena)
#   ATHENA_DB_PASSWORD               role password (default: athena)
#   PGVECTOR_MIN_VERSION             oldest pgvector accepted (default 0.7.0: HNSW with halfvec and iterative scans need it)
set -euo pipefail

DB_NAMES=${ATHENA_DB_NAMES:-athena athena_test athena_test_gateways}
DB_USER=${ATHENA_DB_USER:-athena}
DB_PASSWORD=${ATHENA_DB_PASSWORD:-athena}
PGVECTOR_MIN_VERSION=${PGVECTOR_MIN_VERSION:-0.7.0}
export PGOPTIONS="-c client_min_messages=warning"
WORK_DIR=${ATHENA_SETUP_WORK_DIR:-/var/tmp/athena-setup}

log() { printf '[setup-postgres] %s\n' "$*"; }
die() { printf '[setup-postgres] ERROR: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else die "need root (or sudo) to run: $*"; fi
}

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

require_debian_family() {
  [ -r /etc/os-release ] || die "unsupported system: /etc/os-release not found (this script supports Debian and Ubuntu)"
  # shellcheck disable=SC1091
  . /etc/os-release
  case " ${ID:-} ${ID_LIKE:-} " in
    *" debian "*|*" ubuntu "*) ;;
    *) die "unsupported system '${PRETTY_NAME:-unknown}': install PostgreSQL 15+ and pgvector >= ${PGVECTOR_MIN_VERSION} yourself, then create role '${DB_USER}' and databases '${DB_NAMES}'" ;;
  esac
  command -v apt-get >/dev/null || die "unsupported system: apt-get not found"
}

installed_major() {
  ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -n 1
}

ensure_postgresql() {
  if [ -z "$(installed_major)" ]; then
    log "PostgreSQL not found: installing it from the distribution"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib >/dev/null
  fi
  PG_MAJOR=$(installed_major)
  [ -n "$PG_MAJOR" ] || die "PostgreSQL installation failed"
  log "PostgreSQL ${PG_MAJOR} is installed"
}

ensure_cluster_running() {
  if pg_lsclusters -h 2>/dev/null | awk -v v="$PG_MAJOR" '$1==v && $2=="main" && $4=="online"' | grep -q .; then
    log "cluster ${PG_MAJOR}/main is running"
    return
  fi
  if ! pg_lsclusters -h 2>/dev/null | awk -v v="$PG_MAJOR" '$1==v && $2=="main"' | grep -q .; then
    log "creating cluster ${PG_MAJOR}/main"
    as_root pg_createcluster "$PG_MAJOR" main >/dev/null
  fi
  log "starting cluster ${PG_MAJOR}/main"
  as_root pg_ctlcluster --skip-systemctl-redirect "$PG_MAJOR" main start
}

version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n 1)" = "$2" ]; }

pgvector_installed_version() {
  local control="/usr/share/postgresql/${PG_MAJOR}/extension/vector.control"
  [ -r "$control" ] && sed -n "s/^default_version *= *'\([^']*\)'.*/\1/p" "$control"
}

distribution_pgvector_version() {
  apt-cache policy "postgresql-${PG_MAJOR}-pgvector" 2>/dev/null | awk '/Candidate:/ {print $2}' | grep -v '(none)' | sed 's/^[0-9]*://; s/-.*//'
}

build_pgvector_from_trixie_source() {
  log "building pgvector from Debian trixie's source package against postgresql-server-dev-${PG_MAJOR}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-server-dev-${PG_MAJOR}" build-essential dpkg-dev >/dev/null
  # A private sources list and package index, so the system's apt configuration is left untouched.
  local apt_dir="${WORK_DIR}/apt"
  mkdir -p "${apt_dir}/lists/partial" "${WORK_DIR}/src"
  local keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  cat >"${apt_dir}/trixie-src.list" <<EOF
deb-src [signed-by=${keyring}] http://deb.debian.org/debian trixie main
EOF
  local apt_opts=(-o "Dir::Etc::SourceList=${apt_dir}/trixie-src.list" -o "Dir::Etc::SourceParts=/dev/null"
                  -o "Dir::State::Lists=${apt_dir}/lists" -o "Dir::Cache::pkgcache=" -o "Dir::Cache::srcpkgcache=")
  apt-get "${apt_opts[@]}" update -qq || die "could not read Debian trixie's source index (is deb.debian.org reachable?)"
  (cd "${WORK_DIR}/src" && rm -rf pgvector-* && apt-get "${apt_opts[@]}" source -qq pgvector) \
    || die "apt-get source pgvector failed"
  local src
  src=$(find "${WORK_DIR}/src" -maxdepth 1 -type d -name 'pgvector-*' | head -n 1)
  [ -n "$src" ] || die "pgvector source tree not found after apt-get source"
  local pg_config="/usr/lib/postgresql/${PG_MAJOR}/bin/pg_config"
  # OPTFLAGS="" keeps the build portable (no -march=native) so the binary works on any x86-64 host.
  make -s -C "$src" PG_CONFIG="$pg_config" OPTFLAGS="" >/dev/null
  as_root make -s -C "$src" PG_CONFIG="$pg_config" install >/dev/null
}

ensure_pgvector() {
  local have
  have=$(pgvector_installed_version || true)
  if [ -n "$have" ] && version_ge "$have" "$PGVECTOR_MIN_VERSION"; then
    log "pgvector ${have} is installed"
    return
  fi
  local packaged
  packaged=$(distribution_pgvector_version || true)
  if [ -n "$packaged" ] && version_ge "$packaged" "$PGVECTOR_MIN_VERSION"; then
    log "installing postgresql-${PG_MAJOR}-pgvector ${packaged} from the distribution"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-${PG_MAJOR}-pgvector" >/dev/null
  else
    [ -n "$packaged" ] && log "distribution pgvector ${packaged} is older than ${PGVECTOR_MIN_VERSION}"
    build_pgvector_from_trixie_source
  fi
  have=$(pgvector_installed_version || true)
  [ -n "$have" ] || die "pgvector installation failed"
  log "pgvector ${have} installed"
}

ensure_role_and_database() {
  local role_exists db_exists db
  role_exists=$(as_postgres psql -tAc "SELECT 1 FROM pg_roles WHERE rolname = '${DB_USER}'")
  if [ "$role_exists" != "1" ]; then
    log "creating role ${DB_USER}"
    as_postgres psql -q -c "CREATE ROLE \"${DB_USER}\" LOGIN PASSWORD '${DB_PASSWORD}'"
  fi
  for db in $DB_NAMES; do
    db_exists=$(as_postgres psql -tAc "SELECT 1 FROM pg_database WHERE datname = '${db}'")
    if [ "$db_exists" != "1" ]; then
      log "creating database ${db}"
      as_postgres createdb -O "$DB_USER" "$db"
    fi
    # The extension needs a superuser to create; doing it here lets Athena run as an ordinary role.
    as_postgres psql -q -d "$db" -c "CREATE EXTENSION IF NOT EXISTS vector"
    as_postgres psql -q -d "$db" -c "ALTER EXTENSION vector UPDATE" >/dev/null 2>&1 || true
    log "database ${db} (owner ${DB_USER}) is ready with extension vector $(as_postgres psql -tAd "$db" -c "SELECT extversion FROM pg_extension WHERE extname='vector'")"
  done
}

main() {
  require_debian_family
  ensure_postgresql
  ensure_pgvector
  ensure_cluster_running
  ensure_role_and_database
}

main "$@"
