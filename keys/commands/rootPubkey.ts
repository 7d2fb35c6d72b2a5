import { stringOption, type Command } from '../cliSupport';
import { readRootKeyFile } from '../keyStore';

/** Prints the root public key for the client build; needs no passphrase. */
export const rootPubkey: Command = {
  name: 'root-pubkey',
  summary: 'print the root public key (base64url) for the client build',
  usage: 'root-pubkey --dir DIR',
  details: 'Prints only the key, so that CC_ROOT_PUBLIC_KEY=$(npm run -s keys -- root-pubkey --dir DIR) works.',
  options: { dir: { type: 'string' } },
  required: ['dir'],
  async run(values) {
    console.log(readRootKeyFile(stringOption(values, 'dir')).publicKey);
  },
};
