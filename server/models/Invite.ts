import mongoose, { Schema } from 'mongoose';

/**
 * A one-time link to (re)activate an account: issued by an administrator (or the createAdmin
 * CLI), used once in the browser to create keys, password and TOTP. Only SHA-256 of the token is
 * stored. `totpSecret` is drawn when the link is first opened and must be confirmed by a code.
 */
const InviteSchema = new Schema(
  {
    _id: { type: String, required: true },
    tokenHash: { type: String, required: true, unique: true },
    investigatorId: { type: String, required: true, index: true },
    purpose: { type: String, enum: ['activate', 'reset'], required: true },
    totpSecret: String,
    createdBy: String,
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    usedAt: Date,
  },
  { versionKey: false },
);

export const Invite = mongoose.models.Invite ?? mongoose.model('Invite', InviteSchema);
