import mongoose, { Schema } from 'mongoose';

/**
 * Signed policy versions as uploaded. The document is stored as received and re-verified
 * against the pinned root key whenever it is loaded: the database is not trusted to vouch
 * for a unit key.
 */
const PolicyVersionSchema = new Schema(
  {
    _id: { type: Number, required: true },
    signed: { type: Schema.Types.Mixed, required: true },
    validFrom: Date,
    validUntil: Date,
    uploadedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export const PolicyVersion = mongoose.models.PolicyVersion ?? mongoose.model('PolicyVersion', PolicyVersionSchema);
