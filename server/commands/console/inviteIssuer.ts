import { conflict, notFound } from '../../../core/errors';
import { randomId } from '../../infra/ids';
import { Investigator } from '../../models/Investigator';
import { Invite } from '../../models/Invite';
import { newToken, tokenHash } from './serverSecrets';

export type NewAccount = { username: string; displayName: string; role: 'investigator' | 'supervisor' | 'admin'; email?: string };

/** The link a new or reset user opens; the token is in the fragment, so it never reaches a server log. */
export function inviteLink(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/$/, '')}/console#invite=${token}`;
}

/** Creates an invited account and its one-time activation token (shown once, stored hashed). */
export async function inviteAccount(account: NewAccount, createdBy: string, ttlHours: number) {
  const id = randomId();
  try {
    await Investigator.create({ _id: id, ...account, state: 'invited', createdAt: new Date() });
  } catch (err) {
    if ((err as { code?: number }).code === 11000) throw conflict('username_taken', 'This user name is already used.');
    throw err;
  }
  const token = await issueInvite(id, 'activate', createdBy, ttlHours);
  return { investigatorId: id, token };
}

/** A new one-time token for an account; earlier unused tokens of the account stop working. */
export async function issueInvite(investigatorId: string, purpose: 'activate' | 'reset', createdBy: string, ttlHours: number): Promise<string> {
  const exists = await Investigator.exists({ _id: investigatorId });
  if (!exists) throw notFound('account_not_found', 'No such account.');
  await Invite.deleteMany({ investigatorId, usedAt: { $exists: false } });
  const token = newToken();
  const now = new Date();
  await Invite.create({ _id: randomId(), tokenHash: tokenHash(token), investigatorId, purpose, createdBy, createdAt: now, expiresAt: new Date(now.getTime() + ttlHours * 3600_000) });
  return token;
}
