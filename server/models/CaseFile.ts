import mongoose, { Schema } from 'mongoose';

/**
 * One attachment of a case, listed in its own collection (not in an array on the case, which
 * grew with every upload toward MongoDB's 16 MB document limit). `_id` is the GridFS file id
 * (the upload id); `n` orders a case's files. The sealed `meta` holds the name and type.
 */
const CaseFileSchema = new Schema(
  {
    _id: { type: String, required: true },
    caseId: { type: String, required: true },
    n: { type: Number, required: true },
    /** Bound into the file's associated data; the reader needs it to decrypt. */
    contentId: { type: String, required: true },
    meta: { v: Number, alg: String, nonce: String, ct: String },
    size: { type: Number, required: true },
    from: { type: String, enum: ['reporter', 'investigator'], required: true },
  },
  { versionKey: false },
);
CaseFileSchema.index({ caseId: 1, n: 1 });

export const CaseFile = mongoose.models.CaseFile ?? mongoose.model('CaseFile', CaseFileSchema);
