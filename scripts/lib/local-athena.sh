# Shared by scripts/run.sh, scripts/bench.sh and scripts/eval-retrieval.sh (sourced, not run): building the jar,
# preparing a local database through scripts/setup-postgres.sh, and starting and stopping an Athena of their own.
# The caller defines die MESSAGE [STATUS] and log MESSAGE before using these functions.
# shellcheck shell=bash disable=SC2034 # LOCAL_ATHENA_* are read by the scripts that source this file

LOCAL_ATHENA_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LOCAL_ATHENA_JAR="$LOCAL_ATHENA_REPO/athena-gateway/target/athena.jar"
# A fixed heap and the serial collector keep Athena near 400 MB resident on a small machine (docs/benchmarks.md).
LOCAL_ATHENA_JAVA_OPTS="-Xms384m -Xmx384m -XX:+UseSerialGC -XX:MaxMetaspaceSize=192m -XX:ReservedCodeCacheSize=96m -Xss512k"
# The first start on a cold, busy machine loads the ONNX model and migrates the schema; this bounds the wait (a
# 2-core machine shared with other builds took over 180 s).
LOCAL_ATHENA_START_LIMIT_SECONDS=300
LOCAL_ATHENA_PID=""
LOCAL_ATHENA_STARTUP_MS=""

# True when the jar is missing or a module source (anything under src/main) or a pom.xml is newer than it.
local_athena_jar_is_stale() {
  [ -f "$LOCAL_ATHENA_JAR" ] || return 0
  [ -n "$(find "$LOCAL_ATHENA_REPO" -path "$LOCAL_ATHENA_REPO/.git" -prune -o -type f \
      \( -path '*/src/main/*' -o -name pom.xml \) -newer "$LOCAL_ATHENA_JAR" -print -quit 2>/dev/null)" ]
}

local_athena_build() {
  if local_athena_jar_is_stale; then
    log "building athena-gateway/target/athena.jar (./mvnw -q -DskipTests package)"
    # forceCreation: the jar plugin otherwise kept a module jar it judged up to date after a source change.
    (cd "$LOCAL_ATHENA_REPO" && ./mvnw -q -DskipTests -Dmaven.jar.forceCreation=true package) || die "the build failed" 1
  fi
}

# The load generator (the athena-bench module, not part of athena.jar), built when missing or older than its sources;
# sets LOCAL_ATHENA_BENCH_JAR.
LOCAL_ATHENA_BENCH_JAR="$LOCAL_ATHENA_REPO/athena-bench/target/athena-bench.jar"
local_athena_build_bench() {
  if [ ! -f "$LOCAL_ATHENA_BENCH_JAR" ] || [ -n "$(find "$LOCAL_ATHENA_REPO/athena-bench/src/main" \
      "$LOCAL_ATHENA_REPO/athena-bench/pom.xml" -newer "$LOCAL_ATHENA_BENCH_JAR" -print -quit)" ]; then
    log "building athena-bench/target/athena-bench.jar (./mvnw -q -DskipTests -pl athena-bench package)"
    (cd "$LOCAL_ATHENA_REPO" && ./mvnw -q -DskipTests -Dmaven.jar.forceCreation=true -pl athena-bench package) \
      || die "building athena-bench failed" 1
  fi
}

# Creates DATABASE with the vector extension through scripts/setup-postgres.sh when HOST is this machine; a remote
# database is the operator's to prepare.
local_athena_database() {
  local database=$1 host=$2
  case "$host" in
    127.0.0.1|localhost|::1)
      ATHENA_DB_NAMES="$database" bash "$LOCAL_ATHENA_REPO/scripts/setup-postgres.sh" >&2 \
        || die "scripts/setup-postgres.sh could not prepare database $database" 1 ;;
    *) log "database $database on $host is not prepared here (scripts/setup-postgres.sh sets up this machine only)" ;;
  esac
}

local_athena_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' \
    || die "python3 is required to find a free port" 2
}

# Starts the jar on PORT against JDBC_URL with the caller's environment (ATHENA_* settings), waits until /health
# answers 200 and sets LOCAL_ATHENA_PID and LOCAL_ATHENA_STARTUP_MS. JAVA_OPTS_FOR_ATHENA chooses the JVM options.
local_athena_start() {
  local port=$1 jdbc_url=$2 log_file=$3 started_ns
  started_ns=$(date +%s%N)
  # shellcheck disable=SC2086 # JAVA_OPTS are words
  SPRING_DATASOURCE_URL="$jdbc_url" SPRING_DATASOURCE_USERNAME="${ATHENA_DB_USER:-athena}" \
  SPRING_DATASOURCE_PASSWORD="${ATHENA_DB_PASSWORD:-athena}" \
    java ${JAVA_OPTS_FOR_ATHENA-$LOCAL_ATHENA_JAVA_OPTS} -jar "$LOCAL_ATHENA_JAR" --server.port="$port" >"$log_file" 2>&1 &
  LOCAL_ATHENA_PID=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health" 2>/dev/null)" = 200 ]; do
    if ! kill -0 "$LOCAL_ATHENA_PID" 2>/dev/null; then
      tail -n 30 "$log_file" >&2
      die "Athena exited during start-up (log above, full log in $log_file)" 1
    fi
    if [ $(( ($(date +%s%N) - started_ns) / 1000000000 )) -ge "$LOCAL_ATHENA_START_LIMIT_SECONDS" ]; then
      die "Athena did not answer /health with 200 within $LOCAL_ATHENA_START_LIMIT_SECONDS s (log: $log_file)" 1
    fi
    sleep 0.05
  done
  LOCAL_ATHENA_STARTUP_MS=$(( ($(date +%s%N) - started_ns) / 1000000 ))
}

# Stops the Athena local_athena_start started: a graceful stop, then SIGKILL after 10 s.
local_athena_stop() {
  if [ -n "$LOCAL_ATHENA_PID" ] && kill -0 "$LOCAL_ATHENA_PID" 2>/dev/null; then
    kill "$LOCAL_ATHENA_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$LOCAL_ATHENA_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$LOCAL_ATHENA_PID" 2>/dev/null || true
  fi
}

# Drops everything Athena's migrations created in the database the psql command line PSQL... connects to (tables, the
# schema's functions and composite types), leaving the vector extension, which only a superuser may create.
local_athena_empty_database() {
  "$@" <<'SQL'
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
    EXECUTE format('DROP TABLE IF EXISTS public.%I CASCADE', r.tablename);
  END LOOP;
  -- Functions of the schema (the history trigger's), not those of the vector extension.
  FOR r IN SELECT p.oid::regprocedure AS fn FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname = 'public'
             AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e') LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %s CASCADE', r.fn);
  END LOOP;
  -- Composite types of the schema (the text statistics' row type), not those of tables or the vector extension.
  FOR r IN SELECT t.oid::regtype AS ty FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
           WHERE n.nspname = 'public' AND t.typtype = 'c'
             AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind <> 'c')
             AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e') LOOP
    EXECUTE format('DROP TYPE IF EXISTS %s CASCADE', r.ty);
  END LOOP;
END
$$;
SQL
}
