import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { unavailable } from '../../../core/errors';
import type { Env } from '../../config/env';

/** Keys the console's server side needs; derived from SERVER_SECRET, never stored in the database. */
export type ConsoleSecrets = {
  /** Keys the BLAKE2b verifier of each investigator's authKey (core/crypto authKeyVerifier). */
  pepper: Uint8Array;
  /** Keys the decoy salt handed out for unknown user names (core/crypto decoySaltForUnknownUser). */
  decoyKey: Uint8Array;
  /** Keys the Redis counters of failed logins, so Redis never holds a user name. */
  throttleKey: Uint8Array;
  /**
   * Wraps each stored `keysByPassword` once more (keysAtRest.ts), so a database dump holds no
   * ciphertext a password guess could be tested against (docs/crypto.md §Keys at rest).
   */
  keysAtRestKey: Uint8Array;
  /** Seed of the Ed25519 key that signs audit anchors (server/audit/anchors.ts, docs/crypto.md §Audit anchors). */
  auditAnchorSeed: Uint8Array;
};

const DEV_SECRET_FILE = '.data/server-secret';

// HKDF-SHA256 separates the uses, so one value in the environment is enough.
const derive = (secret: Buffer, info: string) => new Uint8Array(hkdfSync('sha256', secret, Buffer.alloc(0), info, 32));

/**
 * The secret from SERVER_SECRET; in development and tests, when absent, one generated once and
 * kept in .data/server-secret (mode 0600) so that restarts keep accounts usable. In production
 * it must be configured: without it the console answers 503 rather than run with a weak key.
 */
function rawSecret(env: SecretEnv): Buffer | null {
  if (env.SERVER_SECRET) return Buffer.from(env.SERVER_SECRET, 'base64url');
  if (env.NODE_ENV === 'production') return null;
  const file = path.resolve(DEV_SECRET_FILE);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64url');
}

/** The settings the secrets come from (the workers' context carries only these). */
export type SecretEnv = Pick<Env, 'SERVER_SECRET' | 'NODE_ENV'>;

let cached: { source: string; secrets: ConsoleSecrets | null } | undefined;

/** The console secrets, or null when none is configured (production without SERVER_SECRET). */
export function consoleSecrets(env: SecretEnv): ConsoleSecrets | null {
  const source = env.SERVER_SECRET ?? `${env.NODE_ENV}:file`;
  if (cached?.source === source) return cached.secrets;
  const raw = rawSecret(env);
  const secrets = raw && {
    pepper: derive(raw, 'cc-console-pepper'),
    decoyKey: derive(raw, 'cc-console-decoy-salt'),
    throttleKey: derive(raw, 'cc-console-throttle'),
    keysAtRestKey: derive(raw, 'cc-console-keys-at-rest'),
    auditAnchorSeed: derive(raw, 'cc-audit-anchor-ed25519'),
  };
  cached = { source, secrets };
  return secrets;
}

/**
 * A 32-byte key for one server-side use other than the console's (e.g. 'cc-pow-token'), derived
 * from the same SERVER_SECRET with HKDF under its own label; null when none is configured.
 */
export function serverSubkey(env: Env, info: string): Uint8Array | null {
  const raw = rawSecret(env);
  return raw && derive(raw, info);
}

/** Same, but a clear 503 when the console is not configured. */
export function requireConsoleSecrets(env: SecretEnv): ConsoleSecrets {
  const secrets = consoleSecrets(env);
  if (!secrets) throw unavailable('console_not_configured', 'The console is not configured on this server (SERVER_SECRET is missing).');
  return secrets;
}

/** SHA-256 of a bearer token (session, invite): what the database keeps instead of the token. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}

/** A new random 256-bit token, base64url. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}
