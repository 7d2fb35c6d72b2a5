import mongoose, { Schema } from 'mongoose';

/**
 * An investigator's membership of a unit. `grants` hold the unit's secret key (per key
 * generation) sealed to the member's own public key by another member's browser or by the
 * custodian CLI; a membership without a grant for the current generation is pending.
 */
const MembershipSchema = new Schema(
  {
    _id: { type: String, required: true },
    unitId: { type: String, required: true },
    investigatorId: { type: String, required: true, index: true },
    role: { type: String, enum: ['member', 'supervisor'], default: 'member' },
    active: { type: Boolean, default: true },
    /** `sealed` and `recipientKeyId` are those of a core/crypto KeyWrap of purpose 'unit-key'. */
    grants: [{ _id: false, generation: Number, sealed: String, recipientKeyId: String, grantedBy: String }],
    /**
     * Every key generation this person was ever granted in this unit. Written with each grant and
     * never cleared (not by a reset, which empties `grants`, nor by a rejoin): the person may have
     * kept those keys, so removing them must still rotate the unit key (membershipManager).
     */
    heldGenerations: { type: [Number], default: [] },
    addedBy: String,
    /** When the membership was (last) added; shown with an administrator's self-addition. */
    addedAt: Date,
    removedAt: Date,
    /** Open cases assigned to this member in this unit: the router picks the lowest. */
    openCases: { type: Number, default: 0 },
    /**
     * Cases whose increment of openCases is in flight (added with the $inc in one update,
     * removed once the case records it): makes the increment idempotent across crashes.
     */
    pendingCounts: { type: [String], default: [] },
  },
  { versionKey: 'rev' },
);
MembershipSchema.index({ unitId: 1, investigatorId: 1 }, { unique: true });
// Serves the assignment picks (workers/assignment.ts, console caseWork.ts): filter by unit and
// active, least-loaded first, ties by investigator id.
MembershipSchema.index({ unitId: 1, active: 1, openCases: 1, investigatorId: 1 });

export const Membership = mongoose.models.Membership ?? mongoose.model('Membership', MembershipSchema);
