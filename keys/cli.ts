/**
 * The key custodian's CLI: deployment root key, unit keys, grants, policy signing and
 * verification. Run: npx tsx keys/cli.ts <subcommand> --help   (or npm run keys -- ...)
 * Private keys are only ever written encrypted under the passphrase (CC_KEYS_PASSPHRASE or a
 * prompt without echo); key files are mode 0600; failures exit 1, usage errors 2.
 */
import { parseArgs } from 'node:util';
import { cryptoReady } from '../core/crypto';
import { DomainError } from '../core/errors';
import { CliError, type Command } from './cliSupport';
import { deployInit } from './commands/deployInit';
import { grant } from './commands/grant';
import { init } from './commands/init';
import { rootPubkey } from './commands/rootPubkey';
import { sign } from './commands/sign';
import { unitCreate } from './commands/unitCreate';
import { unitCreateAll } from './commands/unitCreateAll';
import { unitRotate } from './commands/unitRotate';
import { unitStandby } from './commands/unitStandby';
import { verify } from './commands/verify';
import { calendarExtend } from './commands/calendarExtend';
import { verifyClaim } from './commands/verifyClaim';

/**
 * `--to KEY` → `--to=KEY` for string options. A base64url key may start with "-", which
 * parseArgs would otherwise take for an option and refuse (one key in 64).
 */
export function joinStringValues(args: string[], options: Command['options']): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const name = args[i].startsWith('--') ? args[i].slice(2) : undefined;
    if (name && options[name]?.type === 'string' && i + 1 < args.length) out.push(`--${name}=${args[++i]}`);
    else out.push(args[i]);
  }
  return out;
}

const COMMANDS: Command[] = [init, unitCreate, unitRotate, unitStandby, unitCreateAll, grant, sign, verify, verifyClaim, rootPubkey, deployInit, calendarExtend];

function toolHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `Usage: npx tsx keys/cli.ts <command> [options]     (npm run keys -- <command> [options])

The key custodian's tool. Keep the key directory and its passphrase offline.

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Passphrase: from CC_KEYS_PASSPHRASE, else asked on the terminal without echo.
Run "<command> --help" for a command's options. Exit codes: 0 ok, 1 failure, 2 usage error.
Format details: docs/crypto.md (key files, signed policy).`;
}

const commandHelp = (c: Command) => `Usage: npx tsx keys/cli.ts ${c.usage}\n\n${c.summary[0].toUpperCase()}${c.summary.slice(1)}.\n\n${c.details}\n`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(toolHelp());
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    console.error(`error: unknown command "${name}"\n\n${toolHelp()}`);
    return 2;
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: joinStringValues(rest, command.options), options: { ...command.options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }));
  } catch (error) {
    console.error(`error: ${(error as Error).message}\n\nUsage: npx tsx keys/cli.ts ${command.usage}`);
    return 2;
  }
  if (values.help) {
    console.log(commandHelp(command));
    return 0;
  }
  const missing = command.required.filter((option) => typeof values[option] !== 'string' || values[option] === '');
  if (missing.length) {
    console.error(`error: missing ${missing.map((m) => `--${m}`).join(', ')}\n\nUsage: npx tsx keys/cli.ts ${command.usage}`);
    return 2;
  }
  await cryptoReady();
  await command.run(values);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof CliError) {
      console.error(`error: ${error.message}`);
      process.exitCode = error.exitCode;
    } else if (error instanceof DomainError) {
      // PolicyError and CryptoError (both DomainErrors) messages are written for people (issues listed one per line).
      console.error(`error: ${error.message}`);
      process.exitCode = 1;
    } else {
      console.error(error);
      process.exitCode = 1;
    }
  },
);
