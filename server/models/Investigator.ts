import mongoose, { Schema } from 'mongoose';

/**
 * An investigator, supervisor or administrator account. The server holds only public keys,
 * private keys encrypted in the browser (under the password-derived key and under the recovery
 * key), and a keyed hash of the password-derived auth key: it can neither log in as the user
 * nor read their cases.
 */
const InvestigatorSchema = new Schema(
  {
    _id: { type: String, required: true },
    username: { type: String, required: true, unique: true },
    displayName: { type: String, default: '' },
    email: String,
    role: { type: String, enum: ['investigator', 'supervisor', 'admin'], default: 'investigator' },
    // Indexed: each assignment reads the disabled accounts (disabledInvestigatorIds below).
    state: { type: String, enum: ['invited', 'active', 'disabled'], default: 'invited', index: true },
    inviteTokenHash: { type: String, index: true, sparse: true },
    inviteExpiresAt: Date,
    authSalt: String,
    authVerifier: String,
    totpSecret: String,
    totpLastStep: { type: Number, default: 0 },
    boxPublicKey: String,
    signPublicKey: String,
    // The browser's blob under the password (v 1, before issue 13), or that blob wrapped again
    // under a key from SERVER_SECRET (v 2, `kid` names the key): commands/console/keysAtRest.ts.
    keysByPassword: { v: Number, alg: String, nonce: String, ct: String, kid: String },
    keysByRecovery: { v: Number, alg: String, nonce: String, ct: String },
    // Legacy: no longer written on a failed sign-in (issue 13: a known name must leave the same
    // trace as an unknown one); failures are counted only by the Redis throttle.
    failedLogins: { type: Number, default: 0 },
    lastFailedAt: Date,
    /** Console (docs/console.md): no login attempt is checked before this time after repeated failures. */
    lockedUntil: Date,
    /** Recovery with the recovery key: a one-time challenge the unlocked signing key must sign. */
    recoverChallenge: String,
    recoverChallengeExpiresAt: Date,
    /** Set by an administrator's reset: the keys were discarded, unit grants are void. */
    resetAt: Date,
    createdAt: { type: Date, required: true },
  },
  { versionKey: 'rev' },
);

export const Investigator = mongoose.models.Investigator ?? mongoose.model('Investigator', InvestigatorSchema);

/**
 * Accounts an administrator disabled: their memberships stay (re-enabling restores them), but
 * nobody may give them cases. Read whole for each pick: a few hundred accounts at most, and a
 * membership cannot be filtered by its person's state without a join (no $lookup, see
 * docs/operations.md).
 */
export async function disabledInvestigatorIds(): Promise<string[]> {
  const rows = await Investigator.find({ state: 'disabled' }, { _id: 1 }).lean<{ _id: string }[]>();
  return rows.map((r) => r._id);
}
