import { fromB64u, grantUnitKey, keyIdOf } from '../../core/crypto';
import { CliError, stringOption, type Command } from '../cliSupport';
import { activeKeyFile, checkUnitId, listUnitKeys, openUnitKey, unlockStore } from '../keyStore';
import { readPassphrase } from '../passphrase';

/** Seals a unit secret key to an investigator's X25519 public key and prints the grant. */
export const grant: Command = {
  name: 'grant',
  summary: "grant a unit key to an investigator's X25519 public key (prints JSON)",
  usage: 'grant --dir DIR --unit UNIT_ID --to INVESTIGATOR_PUBLIC_KEY [--generation N]',
  details: `Prints a cc-unit-key-grant/1 JSON document: the unit secret key in a sealed box
(crypto_box_seal, purpose "unit-key") that only the holder of the investigator's X25519 secret
key can open. Default generation: the active one (neither retired nor standby). --generation N
names any generation DIR holds, the standby included: after a member who held the unit key is
removed, grant the standby generation to each remaining member, then run unit-rotate.`,
  options: { dir: { type: 'string' }, unit: { type: 'string' }, to: { type: 'string' }, generation: { type: 'string' } },
  required: ['dir', 'unit', 'to'],
  async run(values) {
    const dir = stringOption(values, 'dir');
    const unitId = checkUnitId(stringOption(values, 'unit'));
    let recipient: Uint8Array;
    try {
      recipient = fromB64u(stringOption(values, 'to').trim(), 32);
    } catch {
      throw new CliError('--to must be a 32-byte X25519 public key in base64url', 2);
    }
    const wanted = typeof values.generation === 'string' ? Number(values.generation) : undefined;
    if (wanted !== undefined && !(Number.isInteger(wanted) && wanted > 0)) throw new CliError('--generation must be a positive integer', 2);
    const keys = listUnitKeys(dir, unitId);
    // The standby is granted only on request: until the server switches the unit over, nothing is sealed to it.
    const file = wanted === undefined ? activeKeyFile(keys) : keys.find((k) => k.generation === wanted);
    if (!file) throw new CliError(`${dir} holds no ${wanted === undefined ? 'active' : `generation ${wanted}`} key for ${unitId}`);
    const store = unlockStore(dir, await readPassphrase());
    const secretKey = openUnitKey(store, file);
    let wrap: ReturnType<typeof grantUnitKey>;
    try {
      wrap = grantUnitKey(secretKey, recipient);
    } catch {
      // libsodium refuses keys such as all zeros (a low-order point): say so instead of a stack trace.
      throw new CliError('--to is not a usable X25519 public key', 2);
    } finally {
      secretKey.fill(0);
    }
    const document = {
      format: 'cc-unit-key-grant/1',
      unitId,
      generation: file.generation,
      unitPublicKey: file.publicKey,
      recipientPublicKey: stringOption(values, 'to').trim(),
      recipientKeyId: keyIdOf(recipient),
      createdAt: new Date().toISOString(),
      grant: wrap,
    };
    console.log(JSON.stringify(document, null, 2));
  },
};
