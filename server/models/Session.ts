import mongoose, { Schema } from 'mongoose';

/**
 * A console session. The browser holds a random 256-bit token in an HttpOnly cookie; only its
 * SHA-256 is stored, so a database dump cannot be replayed as a login. Sessions end when idle
 * (lastSeenAt) or at expiresAt, whichever comes first. FerretDB has no TTL indexes: expired
 * sessions are refused on use and deleted at the owner's next login (and by any sweep).
 */
const SessionSchema = new Schema(
  {
    _id: { type: String, required: true },
    tokenHash: { type: String, required: true, unique: true },
    investigatorId: { type: String, required: true, index: true },
    createdAt: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export const Session = mongoose.models.Session ?? mongoose.model('Session', SessionSchema);
