#!/usr/bin/env bash
# Runs every test on real services: installs and starts what is missing (scripts/services.sh),
# prepares the demo deployment keys, type-checks, builds the client, then runs jest.
# Extra arguments go to jest (e.g. `npm test -- tests/unit`).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/prepare.sh
source scripts/prepare.sh
# Only the local test server is cleaned; a MONGODB_URI given from outside is left alone.
if [ "${CC_LOCAL_SERVICES:-1}" = 1 ] && [[ "$MONGODB_URI" == mongodb://127.0.0.1:27027/* ]]; then npx tsx scripts/dropTestDatabases.ts; fi
echo "[test] type-checking" >&2
npm run --silent typecheck
echo "[test] building the client" >&2
bash scripts/build-demo-client.sh  # always builds (pins the demo root key explicitly)
echo "[test] running jest" >&2
# The servers and workers the tests start record the shapes of their database queries (field
# names only); after a full run, every one must be served by a declared index.
export CC_DB_SHAPES_RUN_DIR="$PWD/.data/db-shapes"
rm -rf "$CC_DB_SHAPES_RUN_DIR"
status=0
npx jest --ci --json --outputFile=.data/jest-results.json "$@" || status=$?
if [ "$#" -eq 0 ]; then npx tsx scripts/checkIndexUse.ts "$CC_DB_SHAPES_RUN_DIR" || status=1; fi
# One plain closing line, whatever the runner printed above.
node -e 'const r=require("./.data/jest-results.json");console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed`+(r.numPendingTests?`, ${r.numPendingTests} skipped`:""))' || true
exit "$status"
