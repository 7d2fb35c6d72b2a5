import { z } from 'zod';

/** Every setting of the API and worker processes, parsed once from the environment. */
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
  /** A job whose worker stops renewing its lock this long is run again (after a crash). */
  WORKER_LOCK_SECONDS: z.coerce.number().int().min(2).max(600).default(30),
  /** Mail to investigators (smtp://user:pass@host:port or smtps://); none if unset. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  SMTP_FROM: z.string().min(3).default('ClearChannel <no-reply@localhost>'),
  /** The console's address, put in notification mails (no case id is ever appended). */
  CONSOLE_URL: z.string().url().optional(),
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

/** Parses process.env or stops the process with a clear message and exit code 1. */
export function loadEnvOrExit(): Env {
  try {
    return parseEnv(process.env);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  }
}
