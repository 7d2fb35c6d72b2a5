import { randomBytes } from 'node:crypto';
import {
  caseAuthVerifier,
  caseSecretsFromMaster,
  deriveCaseSecrets,
  encryptAttachmentBytes,
  formatCaseCode,
  fromB64u,
  generateCaseCode,
  keyIdOf,
  newContentId,
  sealMessage,
  sealFileMeta,
  sealReportBody,
  solvePow,
  verifyPow,
  toB64u,
  wrapDekForUnit,
  type CaseSecrets,
} from '../../core/crypto';
import { currentUnitKey } from '../../core/policy';
import { routeCase, type RoutingMetadata } from '../../core/routing';
import type { TestDeployment } from './deployment';

/**
 * A reporter's browser, in Node: the same core/crypto and core/routing calls the portal makes.
 * `fast` skips Argon2id (random case secrets instead of ones derived from a code) for bulk tests;
 * the server cannot tell the difference, which is the point of the design.
 */
export type BuiltReport = { code?: string; secrets: CaseSecrets; submission: Record<string, any> };

export function buildReport(
  deployment: TestDeployment,
  routing: RoutingMetadata,
  text: string,
  options: { fast?: boolean; attachments?: number; standby?: Record<string, number>; secrets?: CaseSecrets } = {},
): BuiltReport {
  const { policy } = deployment;
  let code: string | undefined;
  let secrets: CaseSecrets;
  if (options.secrets) {
    secrets = options.secrets; // a second report under a code already used (tests of purged codes)
  } else if (options.fast) {
    secrets = caseSecretsFromMaster(randomBytes(32));
  } else {
    code = generateCaseCode();
    secrets = deriveCaseSecrets(code, policy.deploymentSalt);
  }
  const route = routeCase(policy, routing);
  const wraps = route.candidateSet.map((unitId) => {
    const key = currentUnitKey(policy, unitId, options.standby)!;
    return { unitId, generation: key.generation, wrap: wrapDekForUnit(secrets.dek, fromB64u(key.publicKey, 32)) };
  });
  const submission = {
    v: 1,
    policyVersion: policy.version,
    caseToken: secrets.caseToken,
    authVerifier: caseAuthVerifier(secrets.authSecret),
    reporterPublicKey: toB64u(secrets.reporterKeyPair.publicKey),
    routing,
    body: sealReportBody(secrets.dek, secrets.caseToken, JSON.stringify({ description: text })),
    wraps,
    attachments: options.attachments ?? 0,
  };
  return { code: code ? formatCaseCode(code as never) : undefined, secrets, submission };
}

export type PowPurpose = 'submit' | 'status' | 'message';

/** Asks for a challenge and solves it, as the portal's Web Worker does. */
export async function powChallenge(baseUrl: string, purpose: PowPurpose): Promise<{ challengeId: string; challenge: string; difficulty: number }> {
  const res = await fetch(`${baseUrl}/api/pow/challenges`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ purpose }) });
  if (res.status !== 201) throw new Error(`challenge: ${res.status} ${await res.text()}`);
  return res.json();
}

export async function proofOfWork(baseUrl: string, purpose: PowPurpose) {
  const c = await powChallenge(baseUrl, purpose);
  const { nonce } = await solvePow({ challenge: c.challenge, difficulty: c.difficulty });
  return { challengeId: c.challengeId, nonce };
}

/**
 * A real challenge with a nonce that certainly does NOT solve it. (A fixed nonce would not do:
 * at the tests' difficulty of 4 bits, one nonce in 16 solves any challenge by chance.)
 */
export async function unsolvedProofOfWork(baseUrl: string, purpose: PowPurpose) {
  const c = await powChallenge(baseUrl, purpose);
  for (let counter = 0; ; counter++) {
    const nonce = toB64u(new Uint8Array(new BigUint64Array([BigInt(counter)]).buffer));
    if (!verifyPow({ challenge: c.challenge, difficulty: c.difficulty }, nonce)) return { challengeId: c.challengeId, nonce };
  }
}

/** Gives up on an answer after 60 s, as a browser would, so a burst test retries instead of hanging. */
export async function submit(baseUrl: string, report: BuiltReport, pow?: { challengeId: string; nonce: string }) {
  const body = { ...report.submission, pow: pow ?? (await proofOfWork(baseUrl, 'submit')) };
  const res = await fetch(`${baseUrl}/api/reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(60_000) });
  return { status: res.status, body: await res.json() };
}

export function caseAuthHeader(secrets: CaseSecrets) {
  return `Case ${secrets.caseToken}.${toB64u(secrets.authSecret)}`;
}

export async function readStatus(baseUrl: string, secrets: CaseSecrets) {
  const pow = await proofOfWork(baseUrl, 'status');
  const res = await fetch(`${baseUrl}/api/reports/status`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ caseToken: secrets.caseToken, authSecret: toB64u(secrets.authSecret), pow }),
  });
  return { status: res.status, body: await res.json() };
}

/** Seals and posts a follow-up, each behind its own proof of work (purpose 'message'), as the portal does. */
export async function sendMessage(baseUrl: string, secrets: CaseSecrets, text: string, pow?: { challengeId: string; nonce: string }) {
  const messageId = newContentId();
  const sealed = sealMessage(secrets.dek, secrets.caseToken, messageId, 'reporter', text);
  const res = await fetch(`${baseUrl}/api/reports/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: caseAuthHeader(secrets) },
    body: JSON.stringify({ messageId, sealed, pow: pow ?? (await proofOfWork(baseUrl, 'message')) }),
  });
  return { status: res.status, body: await res.json(), messageId };
}

/** Encrypts a file and uploads it in chunks through the resumable API. */
export async function uploadAttachment(baseUrl: string, secrets: CaseSecrets, plaintext: Uint8Array, name = 'evidence.pdf') {
  const fileId = newContentId();
  const ciphertext = encryptAttachmentBytes(secrets.dek, secrets.caseToken, fileId, plaintext);
  const meta = sealFileMeta(secrets.dek, secrets.caseToken, fileId, JSON.stringify({ name, type: 'application/pdf', size: plaintext.length }));
  const auth = { authorization: caseAuthHeader(secrets) };
  const start = await fetch(`${baseUrl}/api/reports/uploads`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body: JSON.stringify({ size: ciphertext.length, chunkCount: Math.ceil(ciphertext.length / (1024 * 1024)), contentId: fileId, meta }),
  });
  if (start.status !== 201) return { status: start.status, body: await start.json() };
  const { uploadId, chunkSize } = await start.json();
  for (let i = 0; i * chunkSize < ciphertext.length; i++) {
    const put = await fetch(`${baseUrl}/api/reports/uploads/${uploadId}/chunks/${i}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream', ...auth },
      body: Buffer.from(ciphertext.subarray(i * chunkSize, (i + 1) * chunkSize)),
    });
    if (put.status !== 200) return { status: put.status, body: await put.json() };
  }
  const done = await fetch(`${baseUrl}/api/reports/uploads/${uploadId}/complete`, { method: 'POST', headers: auth });
  return { status: done.status, body: await done.json(), uploadId, fileId, ciphertext };
}

/**
 * A case's attachments as stored: listed in the `casefiles` collection (not inside the case
 * document since issue 13), in upload order, in the shape the case answers carry.
 */
export async function storedCaseFiles(db: { collection: (name: string) => any }, caseId: unknown): Promise<{ fileId: string; contentId: string; meta: any; size: number; from: string }[]> {
  const docs = await db.collection('casefiles').find({ caseId: String(caseId) }).sort({ n: 1 }).toArray();
  return docs.map((d: any) => ({ fileId: String(d._id), contentId: d.contentId, meta: d.meta, size: d.size, from: d.from }));
}

export { keyIdOf };

/**
 * The stored case of a token with its sealed body, which lives in its own collection
 * (server/models/CaseBody.ts): what a test opens to prove the server keeps only ciphertext.
 */
export async function storedCaseWithBody(db: { collection: (name: string) => any }, caseToken: string): Promise<Record<string, any> | null> {
  const stored = await db.collection('cases').findOne({ caseToken });
  if (!stored) return null;
  const apart = await db.collection('caseBodies').findOne({ _id: stored._id });
  return { ...stored, body: apart?.body ?? stored.body };
}
