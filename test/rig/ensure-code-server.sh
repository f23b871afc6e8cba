#!/usr/bin/env bash
# Installs code-server (VS Code served to a browser) into a cache folder outside
# the repo, for the end-to-end tests in test/e2e. Idempotent: a no-op when the
# install is already complete. Prints the code-server binary path as the last
# line of stdout; all progress goes to stderr.
#
#   DOCKERDB_CACHE   cache root (default: $HOME/.cache/docker-db)
#
# Needs: node 20, npm (registry access), and the Debian packages
#   libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev ripgrep
# (code-server's native modules build against them; /usr/bin/rg is copied
# into @vscode/ripgrep's download cache so its postinstall needs no internet).
set -euo pipefail

CODE_SERVER_VERSION="4.100.3"
RIPGREP_PKG_VERSION="1.15.11"                 # @vscode/ripgrep bundled by code-server 4.100.3
RIPGREP_ASSET="ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"

CACHE_ROOT="${DOCKERDB_CACHE:-$HOME/.cache/docker-db}"
DEST="$CACHE_ROOT/code-server-$CODE_SERVER_VERSION"
BIN="$DEST/node_modules/.bin/code-server"
MARKER="$DEST/.install-complete"

log() { printf '[ensure-code-server] %s\n' "$*" >&2; }

if [[ -f "$MARKER" && -x "$BIN" ]]; then
  echo "$BIN"
  exit 0
fi

for cmd in node npm tar gzip; do
  command -v "$cmd" >/dev/null 2>&1 || { log "missing required command: $cmd"; exit 1; }
done
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [[ "$node_major" != "20" ]]; then
  log "warning: code-server $CODE_SERVER_VERSION expects Node 20, found $(node -v)"
fi

# code-server's native modules (kerberos, @vscode/spdlog, native-keymap, ...) compile at install:
# fail fast, before a minute of npm, when a build dependency is missing.
missing=()
for hdr in krb5.h gssapi/gssapi.h libsecret-1/libsecret/secret.h X11/Xlib.h X11/extensions/XKBfile.h; do
  [[ -e "/usr/include/$hdr" ]] || missing+=("$hdr")
done
for cmd in make g++ python3; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("$cmd")
done
if ((${#missing[@]})); then
  log "missing build dependencies: ${missing[*]}"
  log "install them: apt-get install -y build-essential python3 libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev ripgrep"
  exit 1
fi

RG="$(command -v rg || true)"
if [[ -z "$RG" ]]; then
  log "ripgrep not found; install it first (apt-get install -y ripgrep)"
  exit 1
fi

# Pre-seed @vscode/ripgrep's download cache with the host's rg.
TMPDIR_NODE="$(node -p "require('os').tmpdir()")"
seed_ripgrep_cache() {
  local version="$1" asset="$2"
  local cache_dir="$TMPDIR_NODE/vscode-ripgrep-cache-$version"
  local tarball="$cache_dir/$asset"
  if [[ -s "$tarball" ]]; then return 0; fi
  mkdir -p "$cache_dir"
  local stage
  stage="$(mktemp -d)"
  cp "$RG" "$stage/rg"
  chmod 0755 "$stage/rg"
  tar -C "$stage" -czf "$tarball.tmp.$$" rg
  mv -f "$tarball.tmp.$$" "$tarball"
  rm -rf "$stage"
  log "seeded $tarball"
}
seed_ripgrep_cache "$RIPGREP_PKG_VERSION" "$RIPGREP_ASSET"

mkdir -p "$CACHE_ROOT"
WORK="$(mktemp -d "$CACHE_ROOT/.code-server-$CODE_SERVER_VERSION.tmp.XXXXXX")"
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT

log "installing code-server@$CODE_SERVER_VERSION into $DEST (takes a minute or more)"
start_s=$SECONDS
# A package.json makes npm treat $WORK as the project root (no walking up).
printf '{ "name": "dockerdb-code-server-cache", "private": true }\n' >"$WORK/package.json"
(
  cd "$WORK"
  npm_config_yes=true npm install --prefix "$WORK" --unsafe-perm --no-audit --no-fund \
    "code-server@$CODE_SERVER_VERSION" >&2
)

if [[ ! -x "$WORK/node_modules/.bin/code-server" ]]; then
  log "install finished but node_modules/.bin/code-server is missing"
  exit 1
fi
# A half-installed ripgrep (postinstall fell back or failed) breaks search; check it.
if [[ -z "$(find "$WORK/node_modules" -path '*@vscode/ripgrep/bin/rg' -print -quit 2>/dev/null)" ]]; then
  log "warning: no @vscode/ripgrep/bin/rg found in the install (search inside VS Code may fail)"
fi
# Not `code-server --version`: that writes a default ~/.config/code-server/config.yaml.
installed_version="$(node -p "require(process.argv[1]).version" "$WORK/node_modules/code-server/package.json")"
if [[ "$installed_version" != "$CODE_SERVER_VERSION" ]]; then
  log "installed code-server is $installed_version, expected $CODE_SERVER_VERSION"
  exit 1
fi

date -u +%FT%TZ >"$WORK/.install-complete"
# Only an unfinished leftover is ever removed; a concurrent run may have finished first.
if [[ -e "$DEST" && ! -f "$MARKER" ]]; then rm -rf "$DEST"; fi
if ! mv -T "$WORK" "$DEST" 2>/dev/null; then
  if [[ -f "$MARKER" && -x "$BIN" ]]; then
    log "another run completed the install meanwhile; using it"
    echo "$BIN"
    exit 0
  fi
  log "could not move $WORK to $DEST"
  exit 1
fi
trap - EXIT
log "installed in $((SECONDS - start_s)) s"
echo "$BIN"
