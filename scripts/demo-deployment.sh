#!/usr/bin/env bash
# Creates the demo deployment once (idempotent): a root key, a key per unit with a standby key
# (the next generation, signed in advance), and the default Kazakhstan policy signed by that
# root, in .data/demo-keys/. The passphrase is a public demo value: a real deployment's
# custodian runs the same keys CLI offline with a secret passphrase.
set -euo pipefail
cd "$(dirname "$0")/.."
# Another folder only for tests (CC_DEMO_DIR): the demo itself always uses .data/demo-keys.
DIR="${CC_DEMO_DIR:-.data/demo-keys}"
export CC_KEYS_PASSPHRASE="${CC_KEYS_PASSPHRASE:-demo-only-passphrase-not-secret}"
[ -f keys/cli.ts ] || { echo "[demo] keys CLI not present yet; skipping" >&2; exit 0; }
# Seconds until a policy file's validity ends (negative once it has).
seconds_left() { node -e 'const p=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));const s=p.policy??p;console.log(Math.floor((Date.parse(s.validUntil)-Date.now())/1000))' "$1"; }
# Up to date: signed after the source changed, made since units have standby keys, and valid for
# more than 90 days (the demo never reaches the expiry: it is re-signed with the next years).
if [ -f "$DIR/policy.signed.json" ] && [ "$DIR/policy.signed.json" -nt keys/policies/kz.source.json ] \
  && grep -q '"standby": true' "$DIR/policy.signed.json" \
  && [ "$(seconds_left "$DIR/policy.signed.json")" -gt $((90 * 86400)) ]; then exit 0; fi
echo "[demo] creating the demo deployment in $DIR" >&2
mkdir -p "$DIR"
[ -f "$DIR/root.pub" ] || npx tsx keys/cli.ts init --dir "$DIR" >&2
cp keys/policies/kz.source.json "$DIR/policy.source.json"
# Demo only: add calendar years until the policy is valid for a year more. A real custodian enters
# each year's Kurban Ait and decree transfers; the demo has none ("none"), so its later years
# carry the fixed holidays only.
while [ "$(seconds_left "$DIR/policy.source.json")" -lt $((365 * 86400)) ]; do
  next_year=$(node -e 'const p=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));const y=p.calendar.years??[...new Set(p.calendar.holidays.map(d=>+d.slice(0,4)))];console.log(Math.max(...y)+1)' "$DIR/policy.source.json")
  npx tsx keys/cli.ts calendar-extend --in "$DIR/policy.source.json" --out "$DIR/policy.source.json" --year "$next_year" --moving-holidays none >&2
done
npx tsx keys/cli.ts unit-create-all --dir "$DIR" --policy "$DIR/policy.source.json" --standby >&2
# Keys reused from an older demo directory have no standby yet: give those units one.
npx tsx keys/cli.ts unit-standby --dir "$DIR" --policy "$DIR/policy.source.json" >&2
npx tsx keys/cli.ts sign --dir "$DIR" --in "$DIR/policy.source.json" --out "$DIR/policy.signed.json" >&2
