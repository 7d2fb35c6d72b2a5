#!/usr/bin/env bash
# Starts the whole system with a demo deployment: services, demo keys and signed policy,
# client build, API server and workers. Prints the URL; Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/prepare.sh
source scripts/prepare.sh
bash scripts/build-demo-client.sh --if-stale  # pins the demo root key explicitly
export PORT="${PORT:-8080}" HOST="${HOST:-127.0.0.1}"
export POLICY_FILE="${POLICY_FILE:-.data/demo-keys/policy.signed.json}"
export ROOT_PUBLIC_KEY="${ROOT_PUBLIC_KEY:-$(cat .data/demo-keys/root.pub)}"
mkdir -p .data/logs
# Stopping this script (Ctrl-C, or SIGTERM from a service manager) stops both processes. They run
# as `node --import tsx` so that the pids below are the processes themselves: through `npx tsx`
# they were wrappers that did not pass SIGTERM on, and the API and workers outlived the script.
server_pid='' workers_pid=''
trap 'kill -TERM $server_pid $workers_pid 2>/dev/null; wait $server_pid $workers_pid 2>/dev/null; exit 0' INT TERM
node --import tsx server/main.ts >>.data/logs/server.log 2>&1 &
server_pid=$!
node --import tsx workers/main.ts >>.data/logs/workers.log 2>&1 &
workers_pid=$!
for _ in $(seq 1 150); do
  if curl -fsS "http://$HOST:$PORT/readyz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$server_pid" 2>/dev/null; then echo "server failed to start; see .data/logs/server.log" >&2; tail -20 .data/logs/server.log >&2; exit 1; fi
  sleep 0.2
done
curl -fsS "http://$HOST:$PORT/readyz" >/dev/null || { echo "server not ready; see .data/logs/server.log" >&2; exit 1; }
echo
echo "  Reporter portal:      http://$HOST:$PORT/"
echo "  Investigator console: http://$HOST:$PORT/console"
# The first administrator's one-time activation link (printed until that account is activated).
admin_link="$(npx tsx server/cli/createAdmin.ts --username admin --name 'Demo administrator' --base-url "http://$HOST:$PORT" 2>/dev/null || true)"
[ -n "$admin_link" ] && echo "  Administrator setup:  $admin_link  (one-time link; see docs/console.md)"
echo "  Public statistics:    http://$HOST:$PORT/stats"
# Demo staff who can read the demo's reports at once (created once; refused outside the demo).
echo
echo "  Demo console accounts (sign in at /console; a one-time code: npx tsx server/cli/demoAccounts.ts code USER):"
if ! npx tsx server/cli/demoAccounts.ts 2>>.data/logs/demo-accounts.log; then
  echo "  (demo accounts not created; see .data/logs/demo-accounts.log)"
fi
echo "  Walkthrough: README.md, \"Try it in three minutes\""
echo "  Logs: .data/logs/    Stop: Ctrl-C"
echo
wait $server_pid $workers_pid
