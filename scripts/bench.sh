#!/usr/bin/env bash
# Runs the benchmarks (each prints its figures; none asserts a time). `npm run bench -- NAME`
# runs only bench/NAME.bench.ts. They need the services: started here like for the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/prepare.sh
source scripts/prepare.sh
npm run --silent build:client:demo >/dev/null  # pins the demo root key explicitly
if [ $# -gt 0 ]; then files=("bench/$1.bench.ts"); else files=(bench/*.bench.ts); fi
for f in "${files[@]}"; do
  echo "== $f"
  npx tsx "$f"
done
