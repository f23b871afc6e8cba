#!/usr/bin/env bash
# `npm test`: prepares everything the suite needs, then runs every layer:
#   lint + typecheck → build + package → unit → package (.vsix) → integration (real dockerd,
#   real PostgreSQL containers) → e2e (the .vsix in code-server, driven by Chromium).
# Prepares: npm dependencies, Debian packages (when root), dockerd (when root and none answers),
# the fixture images, and code-server in a cache folder outside the repo.
# With CI set, a missing engine, browser or code-server fails the run, and so does any skipped test.
# Layers can be chosen: test/run.sh unit package integration e2e
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
LAYERS=("$@")
[[ ${#LAYERS[@]} -eq 0 ]] && LAYERS=(unit package integration e2e)
has_layer() { local l; for l in "${LAYERS[@]}"; do [[ "$l" == "$1" ]] && return 0; done; return 1; }

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
STARTED=$SECONDS
RESULTS_DIR="$(mktemp -d)"
trap 'rm -rf "$RESULTS_DIR"' EXIT

step "npm dependencies"
if [[ ! -d node_modules/.bin || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund
else
  echo "node_modules up to date"
fi

if has_layer integration || has_layer e2e; then
  step "system packages"
  bash test/rig/ensure-system.sh
fi

step "lint and typecheck"
npx eslint --max-warnings 0 .
npx tsc -p . --noEmit
npx tsc -p media/tsconfig.json

step "build, package and compile tests"
npm run --silent package
rm -rf out
npx tsc -p tsconfig.test.json

FAILED=0
run_mocha() { # name config
  local name="$1" cfg="$2" log="$RESULTS_DIR/$1.log"
  step "tests: $name"
  set +e
  npx mocha --config "$cfg" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  set -e
  if [[ $rc -ne 0 ]]; then FAILED=1; fi
}

has_layer unit && run_mocha unit .mocharc.unit.json
has_layer package && run_mocha package .mocharc.package.json

if has_layer integration || has_layer e2e; then
  step "Docker engine and fixture images"
  if bash test/rig/ensure-docker.sh && bash test/rig/build-fixture-images.sh; then :; else
    if [[ -n "${CI:-}" ]]; then echo "A Docker engine is required under CI." >&2; exit 1; fi
    echo "No Docker engine: integration and e2e tests will be skipped (they fail under CI)." >&2
  fi
fi
has_layer integration && run_mocha integration .mocharc.integration.json

if has_layer e2e; then
  step "code-server"
  if ! bash test/rig/ensure-code-server.sh; then
    if [[ -n "${CI:-}" ]]; then echo "code-server is required under CI." >&2; exit 1; fi
    echo "code-server could not be installed: e2e tests will be skipped." >&2
  fi
  run_mocha e2e .mocharc.e2e.json
fi

# One closing line over every layer.
passed=0; failed=0; pending=0
for log in "$RESULTS_DIR"/*.log; do
  [[ -f "$log" ]] || continue
  p=$(grep -Eo '^\s+[0-9]+ passing' "$log" | tail -1 | grep -Eo '[0-9]+' || echo 0)
  f=$(grep -Eo '^\s+[0-9]+ failing' "$log" | tail -1 | grep -Eo '[0-9]+' || echo 0)
  s=$(grep -Eo '^\s+[0-9]+ pending' "$log" | tail -1 | grep -Eo '[0-9]+' || echo 0)
  passed=$((passed + p)); failed=$((failed + f)); pending=$((pending + s))
done
echo
echo "Ran ${LAYERS[*]} in $((SECONDS - STARTED)) s"
if [[ -n "${CI:-}" && $pending -gt 0 ]]; then
  echo "Under CI a skipped test is a failure: $pending skipped." >&2
  FAILED=1
fi
if [[ $passed -eq 0 ]]; then
  echo "No test ran." >&2
  FAILED=1
fi
echo "tests: $passed passed, $failed failed, $pending skipped"
exit $FAILED
