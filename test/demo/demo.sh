#!/usr/bin/env bash
# `npm run demo`: the main job. Builds and packages the extension, starts the demo compose stack
# (healthy, unhealthy-and-optional, and black-holed PostgreSQL services) on the local Docker
# engine, and serves VS Code (code-server) on 127.0.0.1 with Docker DB installed and the demo
# workspace open. Prints the URL, then runs until Ctrl-C.
#
#   npm run demo                 start everything (idempotent)
#   npm run demo -- down         remove the demo stack and its iptables rule (and a detached code-server)
#   DEMO_PORT=8080               port for code-server (default 8080, or a free one if taken)
#   DEMO_DETACH=1                start code-server in the background and return
#   DEMO_NO_BLACKHOLE=1          leave the legacy service's port reachable
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
PROJECT=dockerdb-demo
WORKSPACE="$ROOT/test/demo/workspace"
CACHE="${DOCKERDB_CACHE:-$HOME/.cache/docker-db}"
DEMO_DIR="$CACHE/demo"
COMMENT="dockerdb-demo"
log() { printf '\033[1m[demo]\033[0m %s\n' "$*"; }

compose() {
  if command -v docker-compose >/dev/null 2>&1; then
    docker-compose -p "$PROJECT" -f "$WORKSPACE/docker-compose.yml" "$@"
  else
    docker compose -p "$PROJECT" -f "$WORKSPACE/docker-compose.yml" "$@"
  fi
}

remove_blackhole() {
  command -v iptables >/dev/null 2>&1 || return 0
  local i rule
  for i in $(seq 1 20); do   # bounded: at most 20 rules
    rule="$(iptables -S OUTPUT 2>/dev/null | grep -- "--comment $COMMENT" | head -1 || true)"
    [[ -z "$rule" ]] && return 0
    # "-A OUTPUT ..." → "-D OUTPUT ...": argv array, no shell evaluation of the rule text.
    read -r -a args <<<"${rule/#-A /-D }"
    iptables "${args[@]//\"/}" || return 0
  done
}

add_blackhole() {
  local id ip
  id="$(compose ps -q legacy)"
  ip="$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}' "$id" | awk '{print $1}')"
  if [[ -z "$ip" ]]; then log "legacy has no IP address yet; not black-holing its port"; return 0; fi
  remove_blackhole
  iptables -I OUTPUT -d "$ip" -p tcp --dport 5432 -m comment --comment "$COMMENT" -j DROP
  log "black-holed legacy: host port 55434 → $ip:5432 now accepts and hangs (iptables OUTPUT DROP)"
}

wait_healthy() { # service timeout_s
  local id status i
  id="$(compose ps -q "$1")"
  for i in $(seq 1 $(( $2 * 2 ))); do
    status="$(docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$id" 2>/dev/null || echo gone)"
    [[ "$status" == healthy ]] && return 0
    sleep 0.5
  done
  log "$1 is $status after $2 s (docker logs $id shows why)"
  return 1
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(Number(process.argv[1])||0,'127.0.0.1',()=>{console.log(s.address().port);s.close()}).on('error',()=>{const t=require('net').createServer();t.listen(0,'127.0.0.1',()=>{console.log(t.address().port);t.close()})})" "$1"
}

# A code-server started with DEMO_DETACH=1 (its own process group, pid in a file).
stop_detached() {
  local pid
  pid="$(cat "$DEMO_DIR/code-server.pid" 2>/dev/null || true)"
  rm -f "$DEMO_DIR/code-server.pid"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 0
  kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
  log "stopped the detached code-server (pid $pid)"
}

if [[ "${1:-up}" == down ]]; then
  stop_detached
  remove_blackhole
  compose down -v --remove-orphans
  log "demo stack removed"
  exit 0
fi

log "preparing (npm dependencies, Debian packages, Docker engine, fixture image)"
if [[ ! -d node_modules/.bin || package-lock.json -nt node_modules/.package-lock.json ]]; then npm ci --no-audit --no-fund; fi
bash test/rig/ensure-system.sh
bash test/rig/ensure-docker.sh
bash test/rig/build-fixture-images.sh

log "building and packaging the extension"
npm run --silent package
VSIX="$ROOT/docker-db-$(node -p "require('./package.json').version").vsix"

log "installing code-server (first run only)"
CODE_SERVER="$(bash test/rig/ensure-code-server.sh | tail -1)"

log "starting the demo stack (compose project $PROJECT)"
remove_blackhole
compose up -d --remove-orphans
wait_healthy db 60 || true
wait_healthy legacy 60 || true
[[ -z "${DEMO_NO_BLACKHOLE:-}" ]] && add_blackhole

mkdir -p "$DEMO_DIR/user-data/User" "$DEMO_DIR/extensions"
cat >"$DEMO_DIR/user-data/User/settings.json" <<JSON
{
  "workbench.startupEditor": "none",
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "workbench.colorTheme": "Default Dark Modern",
  "git.openRepositoryInParentFolders": "never",
  "workbench.tips.enabled": false
}
JSON
"$CODE_SERVER" --extensions-dir "$DEMO_DIR/extensions" --user-data-dir "$DEMO_DIR/user-data" --install-extension "$VSIX" --force >/dev/null

PORT="$(free_port "${DEMO_PORT:-8080}")"
ARGS=(--auth none --bind-addr "127.0.0.1:$PORT" --disable-telemetry --disable-update-check --disable-workspace-trust
      --user-data-dir "$DEMO_DIR/user-data" --extensions-dir "$DEMO_DIR/extensions" "$WORKSPACE")
URL="http://127.0.0.1:$PORT/?folder=$WORKSPACE"
log "Docker DB is ready in VS Code: $URL"
log "also try the CLI: node dist/cli.js ps --all"
log "stop with Ctrl-C; remove the demo stack with: npm run demo -- down"
if [[ -n "${DEMO_DETACH:-}" ]]; then
  stop_detached
  setsid nohup "$CODE_SERVER" "${ARGS[@]}" >"$DEMO_DIR/code-server.log" 2>&1 </dev/null &
  echo "$!" >"$DEMO_DIR/code-server.pid"
  exit 0
fi
exec "$CODE_SERVER" "${ARGS[@]}"
