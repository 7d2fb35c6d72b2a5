import mongoose, { Schema } from 'mongoose';

/**
 * One message of a case thread. Reporter messages are sealed under the case's message key
 * (the reporter's browser and the unit can read them); investigator replies are sealed boxes
 * to the reporter's public key. `seq` orders the thread without exact times.
 */
const MessageSchema = new Schema(
  {
    _id: { type: String, required: true },
    caseId: { type: String, required: true },
    seq: { type: Number, required: true },
    /** The id bound into the message's associated data by core/crypto sealMessage. */
    messageId: { type: String, required: true },
    from: { type: String, enum: ['reporter', 'investigator'], required: true },
    sealed: { v: Number, alg: String, nonce: String, ct: String },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
MessageSchema.index({ caseId: 1, seq: 1 }, { unique: true });
// A client retry racing its first attempt must not store the message twice.
MessageSchema.index({ caseId: 1, messageId: 1 }, { unique: true });

export const Message = mongoose.models.Message ?? mongoose.model('Message', MessageSchema);
