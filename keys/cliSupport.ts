import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/** A failure the custodian can act on: printed as "error: message", exit code 1 (2 for usage). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Option values as node:util parseArgs returns them. */
export type OptionValues = Record<string, string | boolean | undefined>;

/** One subcommand: its options (parseArgs format), required options, help text and action. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  details: string;
  options: Record<string, { type: 'string' | 'boolean'; short?: string }>;
  required: string[];
  run(values: OptionValues): Promise<void>;
}

/** The value of a string option (parseArgs already checked its type). */
export function stringOption(values: OptionValues, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.length === 0) throw new CliError(`--${name} is required`, 2);
  return value;
}

/**
 * Writes a file so that readers see either the old or the new content, never half: a temporary
 * file in the same folder, created with its final mode, then renamed over the target.
 */
export function writeFileAtomic(file: string, content: string, mode: number): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    fs.writeFileSync(tmp, content, { mode, flag: 'wx' });
    fs.chmodSync(tmp, mode); // the umask may have narrowed or (for 0644) kept the mode; make it exact
    fs.renameSync(tmp, file);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}

/** Reads and parses a JSON file with a message that names the file. */
export function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new CliError(`cannot read ${what} ${file}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${what} ${file} is not valid JSON (${(error as Error).message})`);
  }
}

/** JSON as the CLI writes it: two-space indentation and a final newline (diff-friendly). */
export const prettyJson = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
