#!/usr/bin/env bash
# Make sure a Docker engine answers. If not, and we are root and dockerd is
# installed, start dockerd detached (it survives the calling shell) and wait
# (bounded) until `docker info` answers.
#
# Env: ENSURE_DOCKER_TIMEOUT_S (default 30), DOCKERD_LOG (default /tmp/dockerd.log)
set -euo pipefail

TIMEOUT_S="${ENSURE_DOCKER_TIMEOUT_S:-30}"
LOG="${DOCKERD_LOG:-/tmp/dockerd.log}"

engine_answers() {
  # `docker info` exits 0 only when the daemon answered. The Docker 28 client
  # negotiates down to dockerd 20.10's API 1.41 by itself.
  timeout 5 docker info >/dev/null 2>&1
}

if ! command -v docker >/dev/null 2>&1; then
  echo "ensure-docker: no 'docker' client on PATH (run test/rig/ensure-system.sh)" >&2
  exit 1
fi

if engine_answers; then
  echo "ensure-docker: engine answers ($(docker version --format 'server {{.Server.Version}}, API {{.Server.APIVersion}}' 2>/dev/null || echo '?'))"
  exit 0
fi

if [[ -n "${DOCKER_HOST:-}" && "${DOCKER_HOST}" != unix:///var/run/docker.sock ]]; then
  echo "ensure-docker: DOCKER_HOST=${DOCKER_HOST} does not answer; not starting a local dockerd for it" >&2
  exit 1
fi

if [[ "$(id -u)" -ne 0 ]]; then
  echo "ensure-docker: the Docker engine does not answer and this is not root, so dockerd cannot be started here." >&2
  echo "ensure-docker: start it with: sudo sh -c 'setsid nohup dockerd >$LOG 2>&1 </dev/null &'" >&2
  exit 1
fi

DOCKERD="$(command -v dockerd || true)"
if [[ -z "$DOCKERD" ]]; then
  echo "ensure-docker: the Docker engine does not answer and dockerd is not installed (run test/rig/ensure-system.sh)" >&2
  exit 1
fi

if pgrep -x dockerd >/dev/null 2>&1; then
  echo "ensure-docker: a dockerd process exists but does not answer yet; waiting for it"
else
  # A stale pid file from a killed daemon makes dockerd refuse to start.
  if [[ -f /var/run/docker.pid ]] && ! kill -0 "$(cat /var/run/docker.pid 2>/dev/null)" 2>/dev/null; then
    rm -f /var/run/docker.pid
  fi
  echo "ensure-docker: starting $DOCKERD (log: $LOG)"
  # setsid + nohup + </dev/null: own session, no controlling tty, survives the caller.
  setsid nohup "$DOCKERD" >"$LOG" 2>&1 </dev/null &
  disown || true
fi

# Poll every 0.25 s, at most TIMEOUT_S seconds (bounded in count and in time).
max_polls=$(( TIMEOUT_S * 4 ))
started=$(date +%s)
deadline_ms=$(( $(date +%s%3N) + TIMEOUT_S * 1000 ))
for (( i = 0; i < max_polls; i++ )); do
  if timeout 2 docker info >/dev/null 2>&1; then
    echo "ensure-docker: engine up after $(( $(date +%s) - started )) s ($(docker version --format 'server {{.Server.Version}}, API {{.Server.APIVersion}}' 2>/dev/null || echo '?'))"
    exit 0
  fi
  (( $(date +%s%3N) >= deadline_ms )) && break
  sleep 0.25
done

echo "ensure-docker: dockerd did not answer within ${TIMEOUT_S} s." >&2
echo "ensure-docker: last lines of $LOG:" >&2
tail -n 30 "$LOG" >&2 2>/dev/null || echo "  (no log)" >&2
exit 1
