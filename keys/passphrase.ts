import { CliError } from './cliSupport';

/** Shortest passphrase `init` accepts; it protects the deployment root key offline. */
export const MIN_PASSPHRASE_LENGTH = 12;

/**
 * The custodian's passphrase: CC_KEYS_PASSPHRASE if set (automation, tests), else typed at the
 * terminal without echo. `confirm` asks twice (used when a new key directory is created).
 */
export async function readPassphrase(options: { confirm?: boolean } = {}): Promise<string> {
  const fromEnv = process.env.CC_KEYS_PASSPHRASE;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) throw new CliError('no passphrase: set CC_KEYS_PASSPHRASE or run the command in a terminal');
  const first = await promptHidden('Key passphrase: ');
  if (options.confirm && first !== (await promptHidden('Repeat the passphrase: '))) throw new CliError('the two passphrases differ');
  return first;
}

/** Reads one line from the terminal in raw mode, echoing nothing. Ctrl-C aborts. */
function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003') return finish(new CliError('cancelled', 130));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}
