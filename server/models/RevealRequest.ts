import mongoose, { Schema } from 'mongoose';

export const REVEAL_STATES = ['pending', 'approved', 'rejected', 'released'] as const;
export type RevealState = (typeof REVEAL_STATES)[number];

/**
 * A request to reveal a confidential reporter's identity (docs/console.md §Identity reveal): a
 * member asks on a legal ground of the signed policy, a different person (a supervisor of the
 * unit) decides, and only an approved request releases the identity ciphertext, once, to the
 * member who asked. Holds ids, the ground and states: never anything about the reporter.
 */
const RevealRequestSchema = new Schema(
  {
    _id: { type: String, required: true },
    caseId: { type: String, required: true },
    /** The unit the case was with when asked: a transfer voids the request. */
    unitId: { type: String, required: true },
    requesterId: { type: String, required: true },
    ground: { type: String, required: true },
    state: { type: String, enum: REVEAL_STATES, required: true },
    requestedAt: { type: Date, required: true },
    decidedBy: String,
    decidedAt: Date,
    releasedAt: Date,
  },
  { versionKey: false },
);

export type RevealRequestDoc = {
  _id: string;
  caseId: string;
  unitId: string;
  requesterId: string;
  ground: string;
  state: RevealState;
  requestedAt: Date;
  decidedBy?: string;
  decidedAt?: Date;
  releasedAt?: Date;
};

// A case's reveal requests, newest first (identityReveal.ts).
RevealRequestSchema.index({ caseId: 1, requestedAt: -1 });
export const RevealRequest = mongoose.models.RevealRequest ?? mongoose.model('RevealRequest', RevealRequestSchema);
