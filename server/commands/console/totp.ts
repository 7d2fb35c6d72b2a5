import { authenticator } from 'otplib';
import { Investigator } from '../../models/Investigator';

/** RFC 6238 (otplib): 30 s steps, 6 digits, SHA-1, one step of clock drift either way. */
const totp = authenticator.clone({ window: 1 });
const STEP_MS = 30_000;
// Checked for unknown users and wrong passwords, so every path does the same work.
const DECOY_SECRET = totp.generateSecret(20);

export function newTotpSecret(): string {
  return totp.generateSecret(20);
}

/** The otpauth:// URI an authenticator app reads (shown as text; a QR code is optional). */
export function totpUri(username: string, secret: string): string {
  return totp.keyuri(username, 'ClearChannel', secret);
}

/** The time step a code belongs to, or null when it is wrong (or not six digits). */
export function totpStep(code: string, secret: string | undefined, now = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp.checkDelta(code, secret ?? DECOY_SECRET);
  if (delta === null || !secret) return null;
  return Math.floor(now / STEP_MS) + delta;
}

/**
 * Records a code's step as used, atomically: succeeds only if no code of this or a later step
 * was accepted before, so an observed code cannot be replayed within its window.
 */
export async function consumeTotpStep(investigatorId: string, step: number): Promise<boolean> {
  const updated = await Investigator.updateOne({ _id: investigatorId, totpLastStep: { $lt: step } }, { $set: { totpLastStep: step } });
  return updated.modifiedCount === 1;
}
