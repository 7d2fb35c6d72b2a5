import { z } from 'zod';

/** Every setting of the API and worker processes, parsed once from the environment. */
/**
 * Measured by bench/engineLimits.bench.ts on the 2-core test machine (FerretDB 1.24 over SQLite,
 * as scripts/services.sh builds it, its `_id` index in use): routing one case stays at 25–33 ms
 * up to 16,000 cases, but the periodic deadline and reconcile passes decode every case, and take
 * 2.4 s of every minute at 1,000 cases, 11 s at 4,000, 45 s at 16,000 (a line of 2.8 s per
 * 1,000 cases): a quarter of every minute at about 5,700 cases. (A stock FerretDB 1.24, which
 * scans for every `_id` lookup too, routed one case in 1 s at about 2,500 cases.)
 */
export const DEFAULT_ENGINE_CASE_LIMIT = 5500;

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Largest JSON body accepted, in bytes (an encrypted report envelope without attachments). */
  JSON_BODY_LIMIT: z.coerce.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
  CLIENT_DIST: z.string().default('client/dist'),
  /** Time allowed to finish requests in flight on SIGTERM before the process exits anyway. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  QUEUE_PREFIX: z.string().min(1).default('cc'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(20),
  /** The deployment root public key (base64url Ed25519) that every policy must be signed by. */
  ROOT_PUBLIC_KEY: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be a base64url Ed25519 public key').optional(),
  /** A signed policy file loaded (and stored) at start, e.g. the demo deployment's. */
  POLICY_FILE: z.string().optional(),
  /** Leading zero bits a proof of work needs; raised by operators under load. */
  POW_DIFFICULTY: z.coerce.number().int().min(0).max(32).default(16),
  POW_TTL_SECONDS: z.coerce.number().int().min(10).max(3600).default(300),
  /**
   * Adaptive proof of work (docs/operations.md "Proof of work"): POW_DIFFICULTY is the floor for
   * submissions and status checks, POW_MESSAGE_DIFFICULTY the floor for a reporter's message (at
   * most POW_DIFFICULTY). Above POW_LOAD_PER_MINUTE accepted proofs a minute, every doubling of
   * that rate adds one bit, up to POW_DIFFICULTY_MAX.
   */
  POW_MESSAGE_DIFFICULTY: z.coerce.number().int().min(0).max(32).default(14),
  POW_DIFFICULTY_MAX: z.coerce.number().int().min(0).max(32).default(22),
  POW_LOAD_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  /** Per-case caps on what a reporter may add after the report (docs/operations.md "Per-case caps"). */
  MAX_CASE_MESSAGES: z.coerce.number().int().min(1).max(100_000).default(300),
  MAX_CASE_MESSAGE_BYTES: z.coerce.number().int().min(4096).max(64 * 1024 * 1024).default(4 * 1024 * 1024),
  MAX_CASE_FILES: z.coerce.number().int().min(1).max(1000).default(30),
  /** Attachment limits (ciphertext bytes). */
  MAX_FILE_BYTES: z.coerce.number().int().min(1024).default(100 * 1024 * 1024),
  MAX_CASE_BYTES: z.coerce.number().int().min(1024).default(500 * 1024 * 1024),
  UPLOAD_CHUNK_BYTES: z.coerce.number().int().min(64 * 1024).max(8 * 1024 * 1024).default(1024 * 1024),
  UPLOAD_TTL_SECONDS: z.coerce.number().int().min(60).default(24 * 3600),
  /** Seconds a stored case may stay unrouted before the reconciler queues it again. */
  RECONCILE_AFTER_SECONDS: z.coerce.number().int().min(1).default(60),
  /** How often the workers run the reconciler, the deadline scan and the retention purge. */
  RECONCILE_EVERY_SECONDS: z.coerce.number().int().min(1).default(30),
  DEADLINES_EVERY_SECONDS: z.coerce.number().int().min(1).default(60),
  RETENTION_EVERY_SECONDS: z.coerce.number().int().min(1).default(3600),
  /** How often the statistics are recomputed (they change at most once a day; hourly catches up after downtime). */
  STATISTICS_EVERY_SECONDS: z.coerce.number().int().min(1).default(3600),
  /**
   * On the embedded engine (FerretDB with SQLite, which scans a collection for every update):
   * the case count at which routing one case passes 1 s (bench/engineLimits.bench.ts). The
   * workers' log and the administration page warn from 80 % of it. Ignored on MongoDB.
   */
  ENGINE_CASE_LIMIT: z.coerce.number().int().min(100).default(DEFAULT_ENGINE_CASE_LIMIT),
  /** A job whose worker stops renewing its lock this long is run again (after a crash). */
  WORKER_LOCK_SECONDS: z.coerce.number().int().min(2).max(600).default(30),
  /** Mail to investigators (smtp://user:pass@host:port or smtps://); none if unset. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  SMTP_FROM: z.string().min(3).default('ClearChannel <no-reply@localhost>'),
  /** The console's address, put in notification mails (no case id is ever appended). */
  CONSOLE_URL: z.string().url().optional(),
  /** The key custodian's mail address: warned 90, 30 and 7 days before the policy or its calendar runs out. */
  CUSTODIAN_EMAIL: z.string().email().optional(),
  /**
   * Investigator console (docs/console.md). SERVER_SECRET (base64url, 32+ bytes) keys the auth-key
   * verifiers and the decoy salts of unknown user names. Absent in development/test: one is
   * generated once into .data/server-secret; absent in production: console logins are refused (503).
   */
  SERVER_SECRET: z.string().regex(/^[A-Za-z0-9_-]{43,128}$/, 'must be base64url of 32..96 random bytes').optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(7 * 24).default(12),
  INVITE_TTL_HOURS: z.coerce.number().int().min(1).max(30 * 24).default(72),
  /** How often each API process re-reads every case into its inbox rows (the safety net for lost change messages). */
  INBOX_REBUILD_SECONDS: z.coerce.number().int().min(1).default(300),
  /**
   * The no-JavaScript form (server/noJs, docs/reporter.md): largest urlencoded body (bytes, kept in
   * memory), global budgets per window of the policy's time rounding (no addresses; one hour by
   * default), and how many case-code derivations (Argon2id) may run at once before it answers "busy".
   */
  NOJS_BODY_LIMIT: z.coerce.number().int().min(16 * 1024).max(4 * 1024 * 1024).default(256 * 1024),
  NOJS_SUBMISSIONS_PER_WINDOW: z.coerce.number().int().min(0).default(120),
  NOJS_CASE_ACTIONS_PER_WINDOW: z.coerce.number().int().min(0).default(600),
  NOJS_DERIVATIONS_MAX: z.coerce.number().int().min(1).max(64).default(2),
  /** Public origin of the console, for invite links printed by the CLI and the admin page. */
  PUBLIC_URL: z.string().url().optional(),
});

export type Env = Readonly<z.infer<typeof EnvSchema>>;

/** Parses an environment object; throws a readable error naming every bad variable. */
export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return Object.freeze(result.data);
}

/**
 * Settings that parse but would run a deployment unsafely (docs/operations.md "Safe defaults"):
 * production without SERVER_SECRET (verifiers and decoy salts would have no key), and a TLS
 * deployment (PUBLIC_URL or CONSOLE_URL on https) whose NODE_ENV was left unset, which would
 * run it with development defaults (a generated secret file, cookies without Secure, ...).
 * Returns one message per problem; empty when the start is safe.
 */
export function unsafeStartProblems(env: Env, source: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  if (env.NODE_ENV === 'production' && !env.SERVER_SECRET) {
    problems.push('SERVER_SECRET is required when NODE_ENV=production (base64url of 32+ random bytes, e.g. `openssl rand -base64 32 | tr "+/" "-_" | tr -d "="`).');
  }
  const tlsVariable = (['PUBLIC_URL', 'CONSOLE_URL'] as const).find((name) => env[name]?.startsWith('https://'));
  if (!source.NODE_ENV && tlsVariable) {
    problems.push(`NODE_ENV is unset but ${tlsVariable} is https (a deployment behind TLS): set NODE_ENV=production (or NODE_ENV=development for a local TLS trial).`);
  }
  return problems;
}

/** Parses process.env or stops the process with a clear message and exit code 1. */
export function loadEnvOrExit(): Env {
  try {
    const env = parseEnv(process.env);
    const problems = unsafeStartProblems(env, process.env);
    if (problems.length > 0) throw new Error(`Unsafe configuration, not starting:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    return env;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  }
}
