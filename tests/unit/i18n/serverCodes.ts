/**
 * Every error code the server can send, read from its source (issue 14 item 8): the domain error
 * helpers of core/errors.ts called with a literal code anywhere in server/ and core/, the codes
 * sent directly (`sendError(res, status, 'code'`, `{ error: { code: 'x'` ), the third argument of
 * `parseInput`, policy errors (core/policy/errors.ts) and the codes the policy upload derives
 * from them (`policy_<code>`). A call with a computed code must be listed in DYNAMIC_SITES with
 * the codes it can produce, so a new computed code cannot slip past the catalogue checks.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(rel));
    else if (/\.ts$/.test(entry.name) && !/\.d\.ts$/.test(entry.name)) out.push(rel);
  }
  return out;
}

const HELPERS = 'invalid|notFound|conflict|unauthorized|forbidden|tooLarge|rateLimited|unavailable';
const LITERAL_PATTERNS = [
  new RegExp(`\\b(?:${HELPERS})\\(\\s*'([a-z][a-z0-9_]*)'`, 'g'),
  /new DomainError\(\s*'[a-z_]+',\s*'([a-z][a-z0-9_]*)'/g,
  /sendError\(\s*\w+,\s*\d+,\s*'([a-z][a-z0-9_]*)'/g,
  /error:\s*\{\s*code:\s*'([a-z][a-z0-9_]*)'/g,
  /parseInput\([^;]*?,\s*'([a-z][a-z0-9_]*)'\)/g,
];
const COMPUTED = new RegExp(`\\b(?:${HELPERS})\\(\\s*[^'\\s)]`, 'g');

/** Known calls with a computed code: file → the codes that call can produce. */
export const DYNAMIC_SITES: Record<string, () => string[]> = {
  // parseInput(schema, input, code = 'invalid_input'): the literal third arguments are read above.
  'server/schemas/common.ts': () => ['invalid_input'],
  // A signed policy refused on upload: `policy_<PolicyErrorCode>` (policy_rollback is answered as policy_version_not_newer).
  'server/commands/console/policyUploader.ts': () => policyErrorCodes().filter((c) => c !== 'policy_rollback').map((c) => `policy_${c}`),
};

/** The members of the PolicyErrorCode union. */
export function policyErrorCodes(): string[] {
  const text = fs.readFileSync(path.join(ROOT, 'core/policy/errors.ts'), 'utf8');
  const union = /export type PolicyErrorCode =([^;]+);/.exec(text)?.[1] ?? '';
  return [...union.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]);
}

export type ServerCodes = { codes: string[]; unlistedComputedSites: string[] };

/** Every code, sorted and unique; and any computed-code call outside DYNAMIC_SITES. */
export function serverErrorCodes(): ServerCodes {
  const codes = new Set<string>(policyErrorCodes());
  const unlistedComputedSites: string[] = [];
  for (const file of [...sourceFiles('server'), ...sourceFiles('core')]) {
    if (file === path.join('core', 'errors.ts')) continue;
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    for (const pattern of LITERAL_PATTERNS) for (const m of text.matchAll(pattern)) codes.add(m[1]);
    if (text.match(COMPUTED)) {
      const site = DYNAMIC_SITES[file.split(path.sep).join('/')];
      if (site) site().forEach((c) => codes.add(c));
      else unlistedComputedSites.push(file);
    }
  }
  return { codes: [...codes].sort(), unlistedComputedSites };
}
