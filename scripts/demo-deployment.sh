#!/usr/bin/env bash
# Creates the demo deployment once (idempotent): a root key, a key per unit with a standby key
# (the next generation, signed in advance), and the default Kazakhstan policy signed by that
# root, in .data/demo-keys/. The passphrase is a public demo value: a real deployment's
# custodian runs the same keys CLI offline with a secret passphrase.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=.data/demo-keys
export CC_KEYS_PASSPHRASE="${CC_KEYS_PASSPHRASE:-demo-only-passphrase-not-secret}"
[ -f keys/cli.ts ] || { echo "[demo] keys CLI not present yet; skipping" >&2; exit 0; }
# Up to date: signed after the source changed, and made since units have standby keys.
if [ -f "$DIR/policy.signed.json" ] && [ "$DIR/policy.signed.json" -nt keys/policies/kz.source.json ] \
  && grep -q '"standby": true' "$DIR/policy.signed.json"; then exit 0; fi
echo "[demo] creating the demo deployment in $DIR" >&2
mkdir -p "$DIR"
[ -f "$DIR/root.pub" ] || npx tsx keys/cli.ts init --dir "$DIR" >&2
cp keys/policies/kz.source.json "$DIR/policy.source.json"
npx tsx keys/cli.ts unit-create-all --dir "$DIR" --policy "$DIR/policy.source.json" --standby >&2
# Keys reused from an older demo directory have no standby yet: give those units one.
npx tsx keys/cli.ts unit-standby --dir "$DIR" --policy "$DIR/policy.source.json" >&2
npx tsx keys/cli.ts sign --dir "$DIR" --in "$DIR/policy.source.json" --out "$DIR/policy.signed.json" >&2
