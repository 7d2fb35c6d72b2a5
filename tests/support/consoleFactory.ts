import { createHash, randomBytes } from 'node:crypto';
import type mongoose from 'mongoose';
import { authenticator } from 'otplib';
import {
  authKeyVerifier,
  derivePasswordKeys,
  fromB64u,
  generateIdentityKey,
  generateInvestigatorKeys,
  generateRecoveryKey,
  grantUnitKey,
  lockInvestigatorKeys,
  sealIdentity,
  toB64u,
  wrapIdentityKeyForUnit,
  type BoxKeyPair,
  type InvestigatorKeys,
  type LockedInvestigatorKeys,
} from '../../core/crypto';
import { currentUnitKey } from '../../core/policy';
import { routeCase, type RoutingMetadata } from '../../core/routing';
import { consoleSecrets } from '../../server/commands/console/serverSecrets';
import { SESSION_COOKIE } from '../../server/commands/console/sessionIssuer';
import { caseIdForToken } from '../../server/infra/ids';
import type { Env } from '../../server/config/env';
import { buildReport, type BuiltReport } from './reporterClient';
import type { TestDeployment } from './deployment';
import { Redis } from 'ioredis';
import { publishCaseChanged } from '../../server/inbox/caseChanges';

/** One password for every factory account: Argon2id MODERATE costs ~1 s, so it runs once per process. */
export const FACTORY_PASSWORD = 'correct horse battery staple';
export const FACTORY_SALT = Buffer.alloc(16, 42).toString('base64url');
let passwordKeys: { authKey: Uint8Array; encKey: Uint8Array } | undefined;
export function factoryPasswordKeys() {
  passwordKeys ??= derivePasswordKeys(FACTORY_PASSWORD, FACTORY_SALT);
  return passwordKeys;
}

export type Role = 'investigator' | 'supervisor' | 'admin';
export type FactoryAccount = {
  id: string;
  username: string;
  role: Role;
  keys: InvestigatorKeys;
  locked: LockedInvestigatorKeys;
  recoveryKey: string;
  totpSecret: string;
  authKey: string;
};

const randomId = () => randomBytes(16).toString('base64url');
const tokenHash = (t: string) => createHash('sha256').update(t, 'utf8').digest('base64url');

/**
 * Creates console accounts, memberships, sessions and routed cases straight in the database, the
 * way activation, login and the route worker would leave them, so authorization tests can build
 * dozens of actors in milliseconds. Give the server the same SERVER_SECRET (`env`).
 */
export class ConsoleFactory {
  readonly serverSecret = randomBytes(32).toString('base64url');
  readonly env = { SERVER_SECRET: this.serverSecret };
  private readonly pepper: Uint8Array;
  private announcer?: { redis: Redis; prefix: string };

  constructor(
    private readonly db: mongoose.Connection,
    private readonly deployment: TestDeployment,
  ) {
    this.pepper = consoleSecrets({ SERVER_SECRET: this.serverSecret, NODE_ENV: 'test' } as Env)!.pepper;
  }

  /**
   * Cases written here are announced like the workers announce theirs, so a running API's
   * inbox rows see them (server/inbox/caseChanges.ts). Without this only the API's next full
   * rebuild would.
   */
  announceCasesTo(redisUrl: string, prefix: string) {
    // No offline queue: an announcement made while Redis is down is lost, as a worker's would be.
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    redis.on('error', () => {});
    this.announcer = { redis, prefix };
  }

  /** Tells the API that a case the test changed in the database changed. */
  async caseChanged(...caseIds: string[]) {
    if (this.announcer) await publishCaseChanged(this.announcer.redis, this.announcer.prefix, ...caseIds);
  }

  async close() {
    await this.announcer?.redis.quit().catch(() => undefined);
  }

  /** An activated account (or with `state`: disabled / invited) with real keys and TOTP. */
  async account(options: { role?: Role; state?: 'active' | 'disabled'; username?: string } = {}): Promise<FactoryAccount> {
    const { authKey, encKey } = factoryPasswordKeys();
    const keys = generateInvestigatorKeys();
    const recovery = generateRecoveryKey();
    const locked = lockInvestigatorKeys(keys, encKey, recovery.bytes);
    const id = randomId();
    const username = options.username ?? `u${randomBytes(5).toString('hex')}`;
    const totpSecret = authenticator.generateSecret(20);
    const role = options.role ?? 'investigator';
    await this.db.collection('investigators').insertOne({
      _id: id as never,
      username,
      displayName: `Test ${username}`,
      role,
      state: options.state ?? 'active',
      authSalt: FACTORY_SALT,
      authVerifier: authKeyVerifier(authKey, this.pepper),
      totpSecret,
      totpLastStep: 0,
      boxPublicKey: locked.boxPublicKey,
      signPublicKey: locked.signPublicKey,
      keysByPassword: locked.byPassword,
      keysByRecovery: locked.byRecovery,
      failedLogins: 0,
      createdAt: new Date(),
      rev: 0,
    });
    return { id, username, role, keys, locked, recoveryKey: recovery.display, totpSecret, authKey: toB64u(authKey) };
  }

  /** A membership; with `grant` true the member receives the unit key (generation 1) as the custodian CLI would. */
  async member(account: FactoryAccount, unitId: string, options: { role?: 'member' | 'supervisor'; grant?: boolean; openCases?: number } = {}) {
    const id = randomId();
    const unitKey = this.unitKey(unitId);
    const grants = options.grant === false ? [] : [this.grantFor(account, unitKey)];
    await this.db.collection('memberships').insertOne({
      _id: id as never,
      unitId,
      investigatorId: account.id,
      role: options.role ?? 'member',
      active: true,
      grants,
      openCases: options.openCases ?? 0,
      pendingCounts: [],
      rev: 0,
    });
    return id;
  }

  grantFor(account: FactoryAccount, unitKey: BoxKeyPair, generation = 1) {
    const wrap = grantUnitKey(unitKey.secretKey, account.keys.box.publicKey);
    return { generation, sealed: wrap.sealed, recipientKeyId: wrap.recipientKeyId, grantedBy: 'factory' };
  }

  unitKey(unitId: string): BoxKeyPair {
    const key = this.deployment.unitKeys.get(unitId);
    if (!key) throw new Error(`no unit key for ${unitId}`);
    return key;
  }

  /** A session cookie for the account; `expired` makes one whose idle time has run out. */
  async session(account: FactoryAccount, options: { expired?: boolean } = {}): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const now = Date.now();
    const lastSeen = options.expired ? new Date(now - 24 * 3600_000) : new Date(now);
    await this.db.collection('sessions').insertOne({
      _id: randomId() as never,
      tokenHash: tokenHash(token),
      investigatorId: account.id,
      createdAt: lastSeen,
      lastSeenAt: lastSeen,
      expiresAt: new Date(now + (options.expired ? -3600_000 : 3600_000)),
    });
    return `${SESSION_COOKIE}=${token}`;
  }

  /**
   * A case as the route worker leaves it: real sealed body and DEK wraps for the candidate set
   * (so a browser can open it), routed to `unitId` (default: the primary unit) and assigned.
   */
  async routedCase(routing: RoutingMetadata, options: { unitId?: string; assigneeId?: string; text?: string; status?: string; nextDue?: Date; identity?: string } = {}): Promise<{ id: string; report: BuiltReport; unitId: string }> {
    const report = buildReport(this.deployment, routing, options.text ?? 'factory report', { fast: true });
    const route = routeCase(this.deployment.policy, routing);
    const unitId = options.unitId ?? route.primaryUnit;
    const id = randomId();
    const now = new Date();
    const s = report.submission;
    let identity: Record<string, unknown> | undefined;
    if (options.identity) {
      const key = generateIdentityKey();
      identity = {
        sealed: sealIdentity(key, s.caseToken, options.identity),
        wraps: s.wraps.map((w: { unitId: string; generation: number }) => ({ unitId: w.unitId, generation: w.generation, wrap: wrapIdentityKeyForUnit(key, this.unitKey(w.unitId).publicKey) })),
      };
    }
    await this.db.collection('cases').insertOne({
      _id: id as never,
      caseToken: s.caseToken,
      authVerifier: s.authVerifier,
      reporterPublicKey: s.reporterPublicKey,
      submissionHash: randomId(),
      policyVersion: s.policyVersion,
      routing: { ...routing, flags: [...routing.flags] },
      confidential: Boolean(identity),
      ...(identity ? { identity } : {}),
      body: s.body,
      wraps: s.wraps,
      attachmentsExpected: 0,
      attachments: [],
      uploadBytes: 0,
      status: options.status ?? 'received',
      routeState: 'routed',
      unitId,
      ruleId: route.ruleId,
      chain: route.escalationChain,
      ...(options.assigneeId ? { assigneeId: options.assigneeId } : {}),
      deadlines: { acknowledgeBy: options.nextDue ?? new Date(now.getTime() + 7 * 864e5), answerBy: new Date(now.getTime() + 30 * 864e5), feedbackBy: new Date(now.getTime() + 90 * 864e5), nextDue: options.nextDue ?? new Date(now.getTime() + 7 * 864e5) },
      overdue: [],
      labels: [],
      recusedIds: [],
      receivedAt: now,
      routedAt: now,
      timeline: [{ kind: 'received', at: now, status: 'received' }],
      messageCount: 0,
      noteCount: 0,
      rev: 0,
    });
    // The token's key document, as the intake writes it: reporters are found only through it
    // (server/infra/caseKeys.ts; caseAuth has no fallback by token since issue 13).
    await this.db.collection('caseKeys').insertOne({ _id: caseIdForToken(s.caseToken) as never, caseId: id });
    await this.caseChanged(id);
    return { id, report, unitId };
  }

  /** The current public key of a unit in the deployment's policy. */
  unitPublicKey(unitId: string) {
    const k = currentUnitKey(this.deployment.policy, unitId)!;
    return { generation: k.generation, publicKey: fromB64u(k.publicKey, 32) };
  }
}

/** fetch with the console's CSRF header and a session cookie. */
export async function consoleFetch(baseUrl: string, path: string, options: { method?: string; cookie?: string; body?: unknown; csrf?: boolean } = {}) {
  const headers: Record<string, string> = {};
  if (options.csrf !== false) headers['x-cc-console'] = '1';
  if (options.cookie) headers.cookie = options.cookie;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${baseUrl}${path}`, { method: options.method ?? 'GET', headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await res.text();
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // attachments are binary
  }
  return { status: res.status, body, headers: res.headers };
}

/**
 * Waits, if needed, until the current 30 s TOTP step has at least `marginMs` left, so that a
 * code computed now is checked by the server in the same step (a slow machine could otherwise
 * cross a step boundary between the two and turn "the previous step" into "two steps ago").
 */
export async function awayFromTotpStepEdge(marginMs = 8000): Promise<void> {
  const left = 30_000 - (Date.now() % 30_000);
  if (left < marginMs) await new Promise((r) => setTimeout(r, left + 200));
}
