#!/usr/bin/env bash
# Downloads the GGUF model files that Athena's compose stack (docker/docker-compose.yml) loads into its llama.cpp
# servers: nomic-embed-text-v1.5 (embeddings) and Qwen3-VL-4B-Instruct with its vision projector (reasoning).
#
# Usage: scripts/download_models.sh [--only embedding|reasoning] [--list] [MODELS_DIR]
#   MODELS_DIR  where the files go (default: ATHENA_MODELS_DIR, else ~/.athena/models)
#   --only      fetch the files of one server only (Kubernetes init containers use this)
#   --list      the dry run: print the planned files and their URLs, download nothing
#
# Each file is downloaded to NAME.part and renamed once its size and SHA-256 are verified, so a file under its real
# name is always complete. An interrupted download resumes where it stopped (HTTP Range). A verified file is
# recorded in .NAME.sha256 and skipped on later runs, without network access. Safe to run as often as you like.
#
# Configuration: environment variables, else the same variables in docker/.env (ATHENA_ENV_FILE names another
# file), else the defaults below, which are the compose file's defaults.
#   ATHENA_HF_ENDPOINT (or HF_ENDPOINT)  base URL of the model hub (default https://huggingface.co)
#   MODEL_REVISION                       branch, tag or commit of the model repositories (default main)
#   EMBEDDING_MODEL_REPO, EMBEDDING_MODEL_FILE, EMBEDDING_MODEL_SHA256
#   REASONING_MODEL_REPO, REASONING_MODEL_FILE, REASONING_MODEL_SHA256, REASONING_MMPROJ_FILE, REASONING_MMPROJ_SHA256
#   HF_TOKEN                             sent as a bearer token, for gated or private repositories
#   ATHENA_MODELS_SKIP_CHECKSUM=1        accept a file whose checksum cannot be learned (size is still checked)
# Checksums: a *_SHA256 variable pins one; otherwise the hub's X-Linked-Etag header (the SHA-256 of the stored file)
# is used. Without either the script refuses, unless ATHENA_MODELS_SKIP_CHECKSUM=1.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "$0")/.." && pwd)
ENV_FILE=${ATHENA_ENV_FILE:-$REPO_ROOT/docker/.env}

log() { printf '[download_models] %s\n' "$*" >&2; }
die() { printf '[download_models] ERROR: %s\n' "$*" >&2; exit 1; }

usage() {
  sed -n '5,9p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# The whole header: usage, what the script guarantees and every setting it reads.
help() {
  sed -n '2,/^set -euo pipefail$/p' "$0" | sed '$d; s/^# \{0,1\}//'
  exit 0
}

# Reads KEY=VALUE from the env file without executing it; the environment keeps precedence.
setting() {
  local name=$1 default=$2 value=""
  if [ -n "${!name:-}" ]; then
    printf '%s' "${!name}"
    return
  fi
  if [ -r "$ENV_FILE" ]; then
    value=$(sed -n "s/^[[:space:]]*${name}[[:space:]]*=[[:space:]]*//p" "$ENV_FILE" | tail -n 1)
    value=${value%\"}; value=${value#\"}; value=${value%\'}; value=${value#\'}
  fi
  printf '%s' "${value:-$default}"
}

# A literal ~ from docker/.env or the command line means the home directory, as it does for docker compose.
expand_home() {
  # shellcheck disable=SC2088
  case "$1" in
    "~") printf '%s' "$HOME" ;;
    "~/"*) printf '%s/%s' "$HOME" "${1#\~/}" ;;
    *) printf '%s' "$1" ;;
  esac
}

human_size() {
  awk -v b="$1" 'BEGIN { split("B KB MB GB TB", u, " "); i = 1; while (b >= 1000 && i < 5) { b /= 1000; i++ } printf (i == 1 ? "%d %s" : "%.1f %s"), b, u[i] }'
}

sha256_of() {
  if command -v sha256sum >/dev/null; then sha256sum "$1" | awk '{print $1}'; else shasum -a 256 "$1" | awk '{print $1}'; fi
}

file_size() { wc -c <"$1" | tr -d ' '; }

ONLY=""
LIST=false
MODELS_DIR=""
while [ $# -gt 0 ]; do
  case "$1" in
    --only) [ $# -ge 2 ] || usage; ONLY=$2; shift 2 ;;
    --only=*) ONLY=${1#--only=}; shift ;;
    --list) LIST=true; shift ;;
    -h|--help) help ;;
    -*) log "unknown option $1"; usage ;;
    *) [ -z "$MODELS_DIR" ] || usage; MODELS_DIR=$1; shift ;;
  esac
done
case "$ONLY" in ""|embedding|reasoning) ;; *) die "--only takes 'embedding' or 'reasoning', not '$ONLY'" ;; esac

command -v curl >/dev/null || die "curl is required: install it (Debian/Ubuntu: apt-get install curl)"

MODELS_DIR=$(expand_home "${MODELS_DIR:-$(setting ATHENA_MODELS_DIR "$HOME/.athena/models")}")
ENDPOINT=$(setting ATHENA_HF_ENDPOINT "$(setting HF_ENDPOINT https://huggingface.co)")
ENDPOINT=${ENDPOINT%/}
REVISION=$(setting MODEL_REVISION main)
HF_TOKEN=${HF_TOKEN:-}

# One line per file: role|repository|file name|pinned SHA-256 (may be empty)
PLAN=()
if [ "$ONLY" != reasoning ]; then
  PLAN+=("embedding|$(setting EMBEDDING_MODEL_REPO nomic-ai/nomic-embed-text-v1.5-GGUF)|$(setting EMBEDDING_MODEL_FILE nomic-embed-text-v1.5.Q4_K_M.gguf)|$(setting EMBEDDING_MODEL_SHA256 "")")
fi
if [ "$ONLY" != embedding ]; then
  reasoning_repo=$(setting REASONING_MODEL_REPO Qwen/Qwen3-VL-4B-Instruct-GGUF)
  PLAN+=("reasoning|$reasoning_repo|$(setting REASONING_MODEL_FILE Qwen3VL-4B-Instruct-Q4_K_M.gguf)|$(setting REASONING_MODEL_SHA256 "")")
  PLAN+=("reasoning|$reasoning_repo|$(setting REASONING_MMPROJ_FILE mmproj-Qwen3VL-4B-Instruct-F16.gguf)|$(setting REASONING_MMPROJ_SHA256 "")")
fi

url_of() { printf '%s/%s/resolve/%s/%s' "$ENDPOINT" "$1" "$REVISION" "$2"; }

if $LIST; then
  for entry in "${PLAN[@]}"; do
    IFS='|' read -r role repo name _ <<<"$entry"
    printf '%s\t%s\t%s\n' "$role" "$MODELS_DIR/$name" "$(url_of "$repo" "$name")"
  done
  exit 0
fi

CURL_AUTH=()
[ -z "$HF_TOKEN" ] || CURL_AUTH=(-H "Authorization: Bearer $HF_TOKEN")

# Sets REMOTE_SHA256 and REMOTE_SIZE from the hub's headers. The hub answers the resolve URL of a stored (LFS/Xet)
# file with a redirect that carries X-Linked-Etag (the SHA-256) and X-Linked-Size; plain files carry Content-Length.
remote_metadata() {
  local url=$1 headers status
  REMOTE_SHA256=""; REMOTE_SIZE=""
  if ! headers=$(curl -sS -I --connect-timeout 20 --max-time 60 --retry 3 --retry-delay 2 ${CURL_AUTH[@]+"${CURL_AUTH[@]}"} "$url" 2>&1); then
    die "cannot reach $url: ${headers##*curl: } (check your network, or ATHENA_HF_ENDPOINT)"
  fi
  headers=$(printf '%s' "$headers" | tr -d '\r')
  status=$(printf '%s\n' "$headers" | awk 'toupper($1) ~ /^HTTP\// {print $2; exit}')
  case "$status" in
    2*|3*) ;;
    401|403) die "the hub refused $url (HTTP $status): the repository may be gated or private; set HF_TOKEN" ;;
    404) die "not found: $url (HTTP 404): check the repository and file name variables (see --list)" ;;
    *) die "unexpected answer from $url: HTTP ${status:-none}" ;;
  esac
  local etag size length
  etag=$(printf '%s\n' "$headers" | awk -F': ' 'tolower($1) == "x-linked-etag" {print $2; exit}')
  etag=${etag#W/}; etag=${etag//\"/}
  if [[ "$etag" =~ ^[0-9a-fA-F]{64}$ ]]; then REMOTE_SHA256=$(printf '%s' "$etag" | tr 'A-F' 'a-f'); fi
  size=$(printf '%s\n' "$headers" | awk -F': ' 'tolower($1) == "x-linked-size" {print $2; exit}')
  length=$(printf '%s\n' "$headers" | awk -F': ' 'tolower($1) == "content-length" {print $2; exit}')
  if [[ "$size" =~ ^[0-9]+$ ]]; then
    REMOTE_SIZE=$size
  elif [[ "$status" == 2* && "$length" =~ ^[0-9]+$ ]]; then
    REMOTE_SIZE=$length
  fi
}

# Downloads URL into PART, resuming what is there; restarts from zero when the server ignores Range.
fetch() {
  local url=$1 part=$2 rc=0 status
  local args=(-fL --connect-timeout 20 --retry 3 --retry-delay 2 --progress-bar ${CURL_AUTH[@]+"${CURL_AUTH[@]}"} -o "$part" -w '%{http_code}')
  if [ -s "$part" ]; then
    log "resuming $(basename "$part" .part) from $(human_size "$(file_size "$part")")"
    status=$(curl "${args[@]}" -C - "$url") || rc=$?
    if [ "$rc" -eq 33 ]; then
      log "the server does not resume downloads: starting $(basename "$part" .part) again"
      rm -f "$part"; rc=0
      status=$(curl "${args[@]}" "$url") || rc=$?
    fi
  else
    status=$(curl "${args[@]}" "$url") || rc=$?
  fi
  case "$rc" in
    0) ;;
    6|7|28) die "download of $url failed: cannot connect or timed out (curl exit $rc); run again to resume" ;;
    22) die "download of $url failed: HTTP $status" ;;
    *) die "download of $url failed (curl exit $rc); run again to resume" ;;
  esac
}

download_one() {
  local role=$1 repo=$2 name=$3 pinned=$4
  local dest="$MODELS_DIR/$name" part="$MODELS_DIR/$name.part" marker="$MODELS_DIR/.$name.sha256"
  local url expected size actual
  url=$(url_of "$repo" "$name")
  pinned=$(printf '%s' "$pinned" | tr 'A-F' 'a-f')

  if [ -f "$dest" ] && [ -f "$marker" ]; then
    read -r recorded recorded_size <"$marker" || true
    if [ "$(file_size "$dest")" = "${recorded_size:-}" ] && { [ -z "$pinned" ] || [ "$pinned" = "$recorded" ]; }; then
      log "$name is already complete ($(human_size "$recorded_size"), sha256 $recorded): skipped"
      return
    fi
  fi

  remote_metadata "$url"
  expected=${pinned:-$REMOTE_SHA256}
  size=$REMOTE_SIZE
  if [ -n "$pinned" ] && [ -n "$REMOTE_SHA256" ] && [ "$pinned" != "$REMOTE_SHA256" ]; then
    log "note: the pinned SHA-256 of $name differs from the hub's ($REMOTE_SHA256); the pinned one is checked"
  fi
  if [ -z "$expected" ] && [ "${ATHENA_MODELS_SKIP_CHECKSUM:-0}" != 1 ]; then
    die "no checksum known for $name: the server sent no X-Linked-Etag; pin one with the matching *_SHA256 variable or set ATHENA_MODELS_SKIP_CHECKSUM=1"
  fi

  if [ -f "$dest" ]; then
    log "$name exists without a verification record: checking it"
    actual=$(sha256_of "$dest")
    if [ -z "$expected" ] || [ "$actual" = "$expected" ]; then
      printf '%s %s\n' "$actual" "$(file_size "$dest")" >"$marker"
      log "$name is complete (sha256 $actual): skipped"
      return
    fi
    die "$dest exists but its SHA-256 is $actual, not $expected: it is another version or damaged; delete it and run again"
  fi

  if [ -n "$size" ] && [ -f "$part" ] && [ "$(file_size "$part")" -gt "$size" ]; then
    log "$name.part is larger than the file ($size bytes): starting again"
    rm -f "$part"
  fi
  if [ -n "$size" ] && [ -f "$part" ] && [ "$(file_size "$part")" -eq "$size" ]; then
    log "$name.part is fully downloaded: verifying it"
  else
    local described="size unknown"
    [ -z "$size" ] || described=$(human_size "$size")
    log "downloading $name ($role, $described) from $url"
    fetch "$url" "$part"
  fi

  actual=$(file_size "$part")
  if [ -n "$size" ] && [ "$actual" != "$size" ]; then
    rm -f "$part"
    die "size mismatch for $name: expected $size bytes, got $actual; the partial file was deleted, run again"
  fi
  if [ -n "$expected" ]; then
    actual=$(sha256_of "$part")
    if [ "$actual" != "$expected" ]; then
      rm -f "$part"
      die "checksum mismatch for $name: expected sha256 $expected, got $actual; the download was deleted, run again"
    fi
  else
    log "WARNING: $name has no known checksum (ATHENA_MODELS_SKIP_CHECKSUM=1): only its size was checked"
    actual=$(sha256_of "$part")
  fi
  mv -f "$part" "$dest"
  printf '%s %s\n' "$actual" "$(file_size "$dest")" >"$marker"
  log "$name is complete (sha256 $actual)"
}

mkdir -p "$MODELS_DIR" || die "cannot create $MODELS_DIR"
[ -w "$MODELS_DIR" ] || die "$MODELS_DIR is not writable"
log "models directory: $MODELS_DIR (hub: $ENDPOINT, revision: $REVISION)"
for entry in "${PLAN[@]}"; do
  IFS='|' read -r role repo name pinned <<<"$entry"
  download_one "$role" "$repo" "$name" "$pinned"
done
log "all model files are complete in $MODELS_DIR"
