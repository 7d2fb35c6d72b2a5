#!/usr/bin/env bash
# Provisions and starts what the system needs on this machine, idempotently:
#   - Debian packages: redis-server, chromium (browser tests), firefox-esr (Tor Browser's engine,
#     browser tests), docker-compose (compose validation), caddy and tor (their configs are checked)
#   - geckodriver (drives Firefox ESR for selenium-webdriver), built once with `cargo install`
#   - FerretDB v1.24.2 (MongoDB protocol over embedded SQLite), built from the Go module proxy,
#     with two one-line fixes that let it use its own `_id` index (see patch_ferretdb below)
#   - node_modules (npm ci)
# When MONGODB_URI / REDIS_URL are already set, that service is used as is and nothing is started.
# Usage: scripts/services.sh start|stop|status|env
# `start` writes .data/services.env with the URIs to export.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
DATA="$ROOT/.data"
REDIS_PORT="${CC_REDIS_PORT:-6390}"
FERRET_PORT="${CC_FERRET_PORT:-27027}"
FERRET_VERSION="v1.24.2"
# The name says which fixes the binary has: a binary built before them is not reused.
FERRET_BIN="$DATA/bin/ferretdb-$FERRET_VERSION-idindex2"
mkdir -p "$DATA/bin" "$DATA/redis" "$DATA/ferretdb" "$DATA/logs"

log() { echo "[services] $*" >&2; }

need_root_apt() {
  local missing=()
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v chromium >/dev/null || missing+=(chromium)
  command -v firefox-esr >/dev/null || missing+=(firefox-esr)
  command -v docker-compose >/dev/null || missing+=(docker-compose)
  # Caddy and tor: the production stack's proxy and onion configs are checked by their own tools
  # (tests/integration/dockerCompose.test.ts).
  command -v caddy >/dev/null || missing+=(caddy)
  command -v tor >/dev/null || missing+=(tor)
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    if [ ! -f "$DATA/.apt-updated" ]; then apt-get update -qq >&2 && touch "$DATA/.apt-updated"; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
  fi
}

# FerretDB 1.24.2's SQLite backend declares a unique index on `_id` as `sjson->"_id"` but queries
# and updates by `sjson->'$._id'`, an expression SQLite does not match to that index: every lookup
# and update by `_id` scanned the whole table (25 ms per lookup at 3,000 cases, growing with
# them), and a filter naming `_id` and any other field was not narrowed by `_id` at all (200 ms).
# Fix 1 writes the query expression like the index's. Fix 2 narrows by `_id` whenever the filter
# has a plain `_id` value: safe because every caller applies the whole filter to what comes back
# (find, count, distinct, update, delete, findAndModify, aggregate). Neither changes a result;
# both only let the engine use the index it already has, as MongoDB does. Each edit must apply.
patch_ferretdb() {
  local meta="$1/internal/backends/sqlite/metadata/metadata.go" coll="$1/internal/backends/sqlite/collection.go"
  sed -i "s|IDColumn = DefaultColumn + \"->'\$._id'\"|IDColumn = DefaultColumn + \`->\"_id\"\`|" "$meta"
  grep -q 'IDColumn = DefaultColumn + `->"_id"`' "$meta" || { log "FerretDB fix 1 did not apply"; exit 1; }
  # (Len first: a command without a filter passes a nil document, which Has does not accept.)
  sed -i 's|^\tif params.Filter.Len() == 1 {$|\tif params.Filter.Len() > 0 \&\& params.Filter.Has("_id") {|' "$coll"
  [ "$(grep -c 'if params.Filter.Len() > 0 && params.Filter.Has("_id") {' "$coll")" = 2 ] || { log "FerretDB fix 2 did not apply"; exit 1; }
}

# `go install ...@v1.24.2` yields a binary that panics at start: the module archive lacks the
# generated build/version/version.txt. So the same module source from the Go module proxy is
# copied, given that one file, and built (the Go build cache makes re-runs take seconds).
build_ferretdb() {
  [ -x "$FERRET_BIN" ] && return 0
  log "building FerretDB $FERRET_VERSION (first run only)"
  export PATH="$PATH:/usr/local/go/bin:$HOME/go/bin"
  (cd /tmp && go install "github.com/FerretDB/FerretDB/cmd/ferretdb@$FERRET_VERSION" >&2) || true
  local src
  src="$(cd /tmp && go mod download -json "github.com/FerretDB/FerretDB@$FERRET_VERSION" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).Dir))')"
  local work="$DATA/ferretdb-src"
  rm -rf "$work"; cp -r "$src" "$work"; chmod -R u+w "$work"
  echo "$FERRET_VERSION" > "$work/build/version/version.txt"
  patch_ferretdb "$work"
  (cd "$work" && go build -o "$FERRET_BIN" ./cmd/ferretdb >&2)
  rm -rf "$work"
}

# Built from crates.io (about 2.5 minutes, once): Debian has no geckodriver package. A build
# someone else already started is waited for rather than run twice (cargo would fight over it).
GECKODRIVER_BIN="$HOME/.cargo/bin/geckodriver"
install_geckodriver() {
  [ -x "$GECKODRIVER_BIN" ] && return 0
  export PATH="$PATH:$HOME/.cargo/bin"
  if pgrep -f 'cargo install geckodriver' >/dev/null; then
    log "waiting for the geckodriver build already running"
    while pgrep -f 'cargo install geckodriver' >/dev/null; do sleep 5; done
    [ -x "$GECKODRIVER_BIN" ] && return 0
  fi
  log "building geckodriver with cargo (first run only, about 2.5 minutes)"
  cargo install --locked geckodriver >&2
}

install_node_modules() {
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "installing node modules"
    npm ci --no-audit --no-fund >&2
  fi
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  for _ in $(seq 1 100); do port_open "$1" && return 0; sleep 0.1; done
  log "port $1 did not open"; return 1
}

start_redis() {
  if port_open "$REDIS_PORT"; then return 0; fi
  log "starting redis on 127.0.0.1:$REDIS_PORT"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$DATA/redis" --daemonize yes \
    --pidfile "$DATA/redis.pid" --logfile "$DATA/logs/redis.log" --save "" --appendonly yes >&2
  wait_port "$REDIS_PORT"
}

start_ferretdb() {
  if port_open "$FERRET_PORT"; then return 0; fi
  log "starting FerretDB on 127.0.0.1:$FERRET_PORT"
  nohup "$FERRET_BIN" --handler=sqlite --sqlite-url="file:$DATA/ferretdb/" --state-dir="$DATA/ferretdb" \
    --listen-addr="127.0.0.1:$FERRET_PORT" --debug-addr=- --telemetry=disable --log-level=WARN \
    >>"$DATA/logs/ferretdb.log" 2>&1 &
  echo $! > "$DATA/ferretdb.pid"
  wait_port "$FERRET_PORT"
}

write_env() {
  {
    echo "export MONGODB_URI='${MONGODB_URI:-mongodb://127.0.0.1:$FERRET_PORT/clearchannel}'"
    echo "export REDIS_URL='${REDIS_URL:-redis://127.0.0.1:$REDIS_PORT}'"
    echo "export FERRETDB_BIN='$FERRET_BIN'"
    echo "export CHROMIUM_PATH='$(command -v chromium || echo /usr/bin/chromium)'"
    echo "export FIREFOX_PATH='$(command -v firefox-esr || echo /usr/bin/firefox-esr)'"
    echo "export GECKODRIVER_PATH='$GECKODRIVER_BIN'"
  } > "$DATA/services.env"
}

stop_all() {
  for f in "$DATA/ferretdb.pid" "$DATA/redis.pid"; do
    if [ -f "$f" ]; then kill "$(cat "$f")" 2>/dev/null || true; rm -f "$f"; fi
  done
}

case "${1:-start}" in
  start)
    need_root_apt
    install_geckodriver
    install_node_modules
    if [ -z "${MONGODB_URI:-}" ]; then build_ferretdb; start_ferretdb; fi
    if [ -z "${REDIS_URL:-}" ]; then start_redis; fi
    write_env
    log "ready: source .data/services.env"
    ;;
  stop) stop_all ;;
  status) port_open "$REDIS_PORT" && echo "redis up" || echo "redis down"; port_open "$FERRET_PORT" && echo "ferretdb up" || echo "ferretdb down" ;;
  env) write_env; cat "$DATA/services.env" ;;
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
