import fs from 'node:fs';
import path from 'node:path';

/**
 * The root public key the client trusts for policy signatures, fixed at build time.
 * From CC_ROOT_PUBLIC_KEY, else the demo deployment's key file. Empty means "no key pinned":
 * the client then refuses every policy, which is the safe failure.
 */
export function pinnedRootKey(): string {
  if (process.env.CC_ROOT_PUBLIC_KEY) return process.env.CC_ROOT_PUBLIC_KEY.trim();
  const demo = path.resolve(process.cwd(), '.data/demo-keys/root.pub');
  return fs.existsSync(demo) ? fs.readFileSync(demo, 'utf8').trim() : '';
}
