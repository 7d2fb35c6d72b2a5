#!/usr/bin/env bash
# Builds the client for the demo deployment (its root public key pinned, as `npm run
# build:client:demo` does) and stamps the build with that key. With --if-stale it builds only
# when the stamp is missing, names another key, or a source is newer than it (client/, core/,
# the lockfile): a second `npm start` then starts in seconds, and starting the demo while tests
# serve the built client does not rebuild it under them.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=client/dist/.demo-build
key="$(cat .data/demo-keys/root.pub)"
if [ "${1:-}" = --if-stale ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$key" ] &&
  [ -z "$(find client core package-lock.json -path client/dist -prune -o -newer "$stamp" -print -quit)" ]; then
  exit 0
fi
npm run --silent build:client:demo >/dev/null
echo "$key" > "$stamp"
