import fs from 'node:fs';
import { deriveCustodianKey, generateSigningKeyPair, newPassphraseKdf } from '../../core/crypto';
import { CliError, stringOption, type Command } from '../cliSupport';
import { makeRootKeyFile, rootKeyPath, writeRootFiles } from '../keyStore';
import { MIN_PASSPHRASE_LENGTH, readPassphrase } from '../passphrase';

/** Creates a deployment: the root Ed25519 key pair, its secret encrypted under the passphrase. */
export const init: Command = {
  name: 'init',
  summary: 'create the deployment root key (Ed25519) in a new key directory',
  usage: 'init --dir DIR',
  details: `Writes DIR/root.key.json (mode 0600; the secret key encrypted with XChaCha20-Poly1305
under a key derived from the passphrase with Argon2id MODERATE) and DIR/root.pub (the public
key in base64url, to pin into the client build as CC_ROOT_PUBLIC_KEY). Refuses an existing
deployment. The passphrase (at least ${MIN_PASSPHRASE_LENGTH} characters) is asked twice, or taken from
CC_KEYS_PASSPHRASE.`,
  options: { dir: { type: 'string' } },
  required: ['dir'],
  async run(values) {
    const dir = stringOption(values, 'dir');
    if (fs.existsSync(rootKeyPath(dir))) throw new CliError(`${rootKeyPath(dir)} already exists: this directory already holds a deployment`);
    const passphrase = await readPassphrase({ confirm: true });
    if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) throw new CliError(`the passphrase must have at least ${MIN_PASSPHRASE_LENGTH} characters`);
    const kdf = newPassphraseKdf();
    const key = deriveCustodianKey(passphrase, kdf);
    const file = makeRootKeyFile(key, kdf, generateSigningKeyPair(), new Date().toISOString());
    writeRootFiles(dir, file);
    console.log(`Deployment root key created in ${dir}`);
    console.log(`  public key: ${file.publicKey}`);
    console.log(`  key id:     ${file.keyId}`);
    console.log('Keep the directory and the passphrase offline; pin the public key into the client build.');
  },
};
