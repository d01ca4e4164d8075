#!/usr/bin/env bash
# Validates the deployment files without a Docker engine or a cluster (scripts/test.sh runs it; about 10 s once the
# tools are installed):
#   - docker/docker-compose.yml, alone and with docker-compose.gpu.yml, each without and with the "compression"
#     profile, parsed and interpolated by a real compose implementation (`docker compose` v2 when the Docker CLI has
#     the plugin, else Debian's docker-compose, installed here when missing);
#   - the compose file refuses to start without its secrets, naming the missing variable;
#   - the deployment scripts and the scripts the documents show pass shellcheck; the LLMLingua-2 service's tests pass
#     (python3, no model needed);
#   - the Kubernetes manifests build with kustomize (when kubectl is installed).
# The Java tests (athena-gateway, package dev.athena.gateway.deployment) check what these files mean: environment
# variables, ports, health checks, dashboard metrics.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[check-deploy] %s\n' "$*"; }
die() { printf '[check-deploy] ERROR: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi
}

# Installs Debian packages; refreshes the package lists once when they are missing or too old to have them.
apt_install() {
  command -v apt-get >/dev/null || return 1
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1 && return 0
  as_root apt-get update -qq || return 1
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

COMPOSE=()
if docker compose version >/dev/null 2>&1; then
  COMPOSE=(docker compose)
elif command -v docker-compose >/dev/null; then
  COMPOSE=(docker-compose)
else
  log "installing Debian's docker-compose (a compose implementation that validates without a Docker engine)"
  apt_install docker-compose || die "no compose implementation: install the Docker CLI's compose plugin or docker-compose"
  COMPOSE=(docker-compose)
fi
log "compose: $("${COMPOSE[@]}" version 2>/dev/null | head -n 1)"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# The secrets are required by the compose file; dummy values let it be interpolated.
cat >"$WORK/ci.env" <<'EOF'
POSTGRES_PASSWORD=ci-postgres
ATHENA_API_KEYS=ci-agent:*
ATHENA_METRICS_API_KEY=ci-metrics
GRAFANA_ADMIN_PASSWORD=ci-grafana
EOF

compose_config() {
  (cd docker && "${COMPOSE[@]}" --env-file "$WORK/ci.env" "$@" config -q)
}

for files in "docker-compose.yml" "docker-compose.yml docker-compose.gpu.yml"; do
  args=()
  for file in $files; do args+=(-f "$file"); done
  for profile in "" compression; do
    profile_args=()
    [ -z "$profile" ] || profile_args=(--profile "$profile")
    compose_config "${args[@]}" ${profile_args[@]+"${profile_args[@]}"} \
      || die "compose rejected: $files${profile:+ with profile $profile}"
    log "valid: $files${profile:+ (profile $profile)}"
  done
done

: >"$WORK/empty.env"
if missing=$(cd docker && env -u POSTGRES_PASSWORD "${COMPOSE[@]}" --env-file "$WORK/empty.env" -f docker-compose.yml config -q 2>&1); then
  die "the compose file starts without POSTGRES_PASSWORD; it must refuse"
fi
case "$missing" in
  *"set POSTGRES_PASSWORD in docker/.env"*) log "missing secrets are refused with a message naming them" ;;
  *) die "the compose file refused to start without secrets, but without naming them: $missing" ;;
esac

if ! command -v shellcheck >/dev/null; then
  apt_install shellcheck || log "shellcheck not available: skipped"
fi
if command -v shellcheck >/dev/null; then
  checked=(scripts/download_models.sh scripts/check-deploy.sh scripts/run.sh scripts/test.sh scripts/bench.sh
           scripts/bench-export.sh scripts/eval-retrieval.sh scripts/soak.sh scripts/smoke-docs.sh
           scripts/lib/local-athena.sh
           docker/strip-foreign-natives.sh)
  shellcheck -x "${checked[@]}"
  log "shellcheck: ${checked[*]}"
fi

command -v python3 >/dev/null || die "python3 is needed for the LLMLingua-2 service tests"
PYTHONDONTWRITEBYTECODE=1 python3 -m unittest discover -s docker/llmlingua -p 'test_*.py' 2>&1 | tail -n 3
log "LLMLingua-2 service tests passed"

if command -v kubectl >/dev/null; then
  cp -r docker/kubernetes "$WORK/kubernetes"
  cp "$WORK/kubernetes/secrets.env.example" "$WORK/kubernetes/secrets.env"
  kinds=$(kubectl kustomize "$WORK/kubernetes" | grep -c '^kind:') || die "kustomize could not build docker/kubernetes"
  log "kustomize: docker/kubernetes builds ($kinds objects)"
else
  log "kubectl not installed: the Kubernetes manifests are checked by the Java tests only"
fi
log "deployment files are valid"
