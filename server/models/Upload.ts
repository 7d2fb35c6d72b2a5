import mongoose, { Schema } from 'mongoose';

/**
 * A resumable attachment upload. Ciphertext chunks are written straight into the GridFS
 * `attachments.chunks` collection as they arrive (so server memory stays constant), and the
 * GridFS file document is written only on completion. Expired unfinished uploads are removed
 * by the retention task (FerretDB has no TTL indexes, so a task does it on both databases).
 */
const UploadSchema = new Schema(
  {
    _id: { type: String, required: true },
    caseId: { type: String, required: true, index: true },
    from: { type: String, enum: ['reporter', 'investigator'], required: true },
    /** Bound into the file's associated data; the reader needs it to decrypt. */
    contentId: { type: String, required: true },
    /** Sealed name and type of the file (core/crypto sealFileMeta). */
    meta: { v: Number, alg: String, nonce: String, ct: String },
    size: { type: Number, required: true },
    chunkSize: { type: Number, required: true },
    chunkCount: { type: Number, required: true },
    /** The case's file slot this upload reserved (its order among the case's files). */
    n: Number,
    received: { type: Number, default: 0 },
    state: { type: String, enum: ['open', 'complete'], default: 'open' },
    expiresAt: { type: Date, required: true, index: true },
  },
  { versionKey: false },
);

export const Upload = mongoose.models.Upload ?? mongoose.model('Upload', UploadSchema);
