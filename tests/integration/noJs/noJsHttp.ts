import { randomBytes } from 'node:crypto';
import type mongoose from 'mongoose';
import { deriveCaseSecrets, newContentId, sealMessage, unwrapDek, type BoxKeyPair, type Dek } from '../../../core/crypto';
import type { Policy } from '../../../core/policy';

/** A browser without JavaScript, in Node: plain form posts (application/x-www-form-urlencoded). */
export async function postForm(baseUrl: string, path: string, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  const res = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
  return { status: res.status, headers: res.headers, html: await res.text() };
}

export async function getPage(baseUrl: string, path: string) {
  const res = await fetch(`${baseUrl}${path}`);
  return { status: res.status, headers: res.headers, html: await res.text() };
}

/** The case code shown on the result page. */
export function codeOnPage(html: string): string {
  const m = /data-testid="case-code">([^<]+)</.exec(html);
  if (!m) throw new Error(`no case code on the page:\n${html.slice(0, 2000)}`);
  return m[1];
}

/** The answers of a complete report (the default Kazakhstan policy's ids). */
export function reportFields(description: string, extra: Record<string, string | string[]> = {}) {
  return { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: ['criminal_signs'], description, when: 'March 2026', where: '', who: '', evidence: '', mode: 'anonymous', ...extra };
}

/** Collection sizes, to show that a refused request stored nothing. */
export async function counts(db: mongoose.Connection): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const { name } of await db.db!.listCollections().toArray()) out[name] = await db.collection(name).countDocuments();
  return out;
}

/**
 * An investigator of a unit holding a wrap opens the case key with the unit's secret key and
 * writes a reply, stored as postReply stores it (server/commands/console/replyPoster.ts).
 */
export async function investigatorReplies(db: mongoose.Connection, policy: Policy, code: string, unitKeys: (unitId: string) => BoxKeyPair, text: string) {
  const { caseToken } = deriveCaseSecrets(code, policy.deploymentSalt);
  const kase = await db.collection('cases').findOne({ caseToken });
  if (!kase) throw new Error('no case for this code');
  const wrap = kase.wraps[0];
  const dek: Dek = unwrapDek(wrap.wrap, unitKeys(wrap.unitId));
  const messageId = newContentId();
  const updated = await db.collection('cases').findOneAndUpdate({ _id: kase._id }, { $inc: { messageCount: 1 }, $push: { timeline: { kind: 'message', at: new Date() } } as never }, { returnDocument: 'after' });
  await db.collection('messages').insertOne({ _id: randomBytes(16).toString('base64url') as never, caseId: kase._id, seq: updated!.messageCount, messageId, from: 'investigator', sealed: sealMessage(dek, caseToken, messageId, 'investigator', text), at: new Date() });
  return { kase, dek };
}
