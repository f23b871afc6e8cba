#!/usr/bin/env bash
# Build the local test fixture images (no registry needed):
#   dockerdb-fixture/rootfs:latest  -- `docker import` of a tiny rootfs (test/fixtures/postgres/make-rootfs.sh)
#   dockerdb-fixture/postgres:15    -- `docker build` of test/fixtures/postgres/Dockerfile FROM that base
# Idempotent: skipped when the image's label dockerdb.fixture.hash equals the hash
# of the files in test/fixtures/postgres (plus the postgres uid:gid). FORCE=1 rebuilds.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
FIXTURE_DIR="$ROOT/test/fixtures/postgres"
BASE_IMAGE="dockerdb-fixture/rootfs:latest"
IMAGE="dockerdb-fixture/postgres:15"
PG_BIN=/usr/lib/postgresql/15/bin

die() { echo "build-fixture-images: $*" >&2; exit 1; }

command -v docker >/dev/null 2>&1 || die "no docker client (run test/rig/ensure-system.sh)"
timeout 10 docker info >/dev/null 2>&1 || die "the Docker engine does not answer (run test/rig/ensure-docker.sh)"
[[ -x "$PG_BIN/postgres" && -x "$PG_BIN/initdb" && -x "$PG_BIN/pg_isready" && -x "$PG_BIN/psql" ]] \
  || die "PostgreSQL 15 binaries missing in $PG_BIN (run test/rig/ensure-system.sh)"
[[ -x /usr/bin/sh ]] || die "/usr/bin/sh missing: the fixture needs a merged-/usr host (Debian 12 default)"
id postgres >/dev/null 2>&1 || die "no 'postgres' user on this host (installed by postgresql-15)"
PG_UID="$(id -u postgres)"
PG_GID="$(id -g postgres)"

# Hash: every file under the fixture dir (path + mode + content), plus uid:gid.
hash="$(
  cd "$FIXTURE_DIR"
  {
    echo "uid=$PG_UID gid=$PG_GID"
    find . -type f -print0 | LC_ALL=C sort -z | while IFS= read -r -d '' f; do
      printf '%s %s %s\n' "$f" "$( [[ -x "$f" ]] && echo x || echo - )" "$(sha256sum < "$f" | cut -d' ' -f1)"
    done
  } | sha256sum | cut -c1-32
)"

# One build at a time on this machine (test helpers may call this script too).
exec 9>"${TMPDIR:-/tmp}/dockerdb-fixture-build.lock"
flock -w 180 9 || die "another build-fixture-images.sh holds the lock for more than 180 s"

current="$(docker image inspect --format '{{ index .Config.Labels "dockerdb.fixture.hash" }}' "$IMAGE" 2>/dev/null || true)"
if [[ "${FORCE:-0}" != 1 && "$current" == "$hash" ]] && docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
  echo "build-fixture-images: $IMAGE is up to date (hash $hash)"
  exit 0
fi

start_ns="$(date +%s%N)"
ctx="$(mktemp -d)"
trap 'rm -rf "$ctx"' EXIT

echo "build-fixture-images: building $BASE_IMAGE"
sh "$FIXTURE_DIR/make-rootfs.sh" "$ctx/rootfs.tar" "$PG_UID" "$PG_GID"
docker import \
  --message "dockerdb fixture rootfs" \
  --change "LABEL dockerdb.fixture=rootfs dockerdb.fixture.hash=$hash" \
  "$ctx/rootfs.tar" "$BASE_IMAGE" >/dev/null

echo "build-fixture-images: building $IMAGE (hash $hash)"
# A clean context: only what the Dockerfile needs, with the modes it needs.
mkdir "$ctx/build"
cp "$FIXTURE_DIR/Dockerfile" "$ctx/build/Dockerfile"
install -m 0755 "$FIXTURE_DIR/docker-entrypoint.sh" "$ctx/build/docker-entrypoint.sh"
# No buildx on these machines: the classic builder is used (it works offline
# because the base image is local; --pull=false keeps it from asking a registry).
# Its "legacy builder is deprecated" notice is only shown when the build fails.
if ! build_out="$(DOCKER_BUILDKIT="${DOCKER_BUILDKIT:-0}" docker build --pull=false --force-rm \
  --build-arg "BASE_IMAGE=$BASE_IMAGE" \
  --build-arg "PG_UID=$PG_UID" --build-arg "PG_GID=$PG_GID" \
  --build-arg "FIXTURE_HASH=$hash" \
  -t "$IMAGE" "$ctx/build" 2>&1)"; then
  echo "$build_out" >&2
  die "docker build of $IMAGE failed"
fi

# Drop superseded fixture images (untagged now); images still used by
# containers are kept by the engine.
docker image prune -f --filter "label=dockerdb.fixture" >/dev/null 2>&1 || true

# Smoke check: the image starts a shell with the host /usr.
out="$(docker run --rm --network none \
  -v /usr:/usr:ro -v /etc/passwd:/etc/passwd:ro -v /etc/group:/etc/group:ro \
  "$IMAGE" sh -c 'id -un; command -v postgres' 2>&1)" \
  || die "smoke test of $IMAGE failed: $out"
[[ "$out" == *postgres*"$PG_BIN/postgres"* ]] || die "smoke test of $IMAGE gave unexpected output: $out"

echo "build-fixture-images: built $IMAGE in $(( ($(date +%s%N) - start_ns) / 1000000 )) ms"
