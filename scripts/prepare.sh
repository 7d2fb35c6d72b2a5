# Sourced by start.sh, test.sh and bench.sh (from the repository root): the local services up
# (installed on first use), their settings in this shell, and the demo deployment's keys and
# signed policy in .data/demo-keys.
bash scripts/services.sh start
# shellcheck disable=SC1091
source .data/services.env
bash scripts/demo-deployment.sh
