import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { CASE_OUTCOMES, CASE_STATUSES, TIMELINE_KINDS } from '../../core/lifecycle';

const SealedField = new Schema({ v: Number, alg: String, nonce: String, ct: String }, { _id: false });
const KeyWrap = new Schema({ v: Number, alg: String, purpose: String, recipientKeyId: String, sealed: String }, { _id: false });
const Wrap = new Schema({ unitId: String, generation: Number, wrap: KeyWrap }, { _id: false });

const TimelineEntry = new Schema(
  {
    kind: { type: String, enum: TIMELINE_KINDS },
    at: Date,
    status: String,
    template: String,
    days: Number,
    // identity_disclosed: to which unit, in which role (and a name only if the policy says so).
    unit: String,
    role: String,
    person: String,
  },
  { _id: false },
);

/**
 * A case: routing metadata and lifecycle in plaintext (the reporter chose and saw them),
 * everything else opaque ciphertext. No time more precise than the policy's rounding is kept,
 * and the id is random (see server/infra/ids.ts).
 */
const CaseSchema = new Schema(
  {
    _id: { type: String, required: true },
    caseToken: { type: String, required: true, unique: true },
    authVerifier: { type: String, required: true },
    reporterPublicKey: { type: String, required: true },
    /**
     * Ed25519 public key of reward claims (case-code sub-key id 5). Cases made before it existed
     * have none until the reporter registers it from the status page (`reporterSigningKeyLate`).
     * Kept after the purge for the policy's reward window (workers/tasks/retentionTask.ts).
     */
    reporterSigningKey: String,
    reporterSigningKeyLate: Boolean,
    /** The reporter consented, on the status page, to the reveal of their identity (day only). */
    identityConsentAt: Date,
    /** The final outcome (verdict, end of proceedings), recorded after closure: the reward window runs from it. */
    finalOutcome: { result: String, at: Date },
    /** Fingerprints of the reward claims recorded on the case (server/commands/rewardClaims.ts), never their text. */
    rewardClaims: { type: [String], default: undefined },
    /** BLAKE2b of the canonical submission, to tell an honest retry from a collision. */
    submissionHash: { type: String, required: true },
    policyVersion: { type: Number, required: true },
    routing: {
      category: { type: String, required: true },
      sector: String,
      region: { type: String, required: true },
      seniority: String,
      amount: String,
      flags: { type: [String], default: [] },
    },
    confidential: { type: Boolean, default: false },
    /** Where the report was encrypted: in the reporter's browser, or on the server by the no-JavaScript form (docs/reporter.md). */
    sealedBy: { type: String, enum: ['browser', 'server'], default: 'browser' },
    /** Older cases only: the body now lives in its own collection (server/models/CaseBody.ts). */
    body: { type: SealedField },
    wraps: { type: [Wrap], required: true },
    identity: { sealed: SealedField, wraps: [Wrap] },
    attachmentsExpected: { type: Number, default: 0 },
    /** Attachments listed by older versions only (read, never written): files live in the CaseFile collection. */
    attachments: [{ _id: false, fileId: String, contentId: String, meta: SealedField, size: Number, from: String }],
    /** Ciphertext bytes reserved by uploads (open or complete), against MAX_CASE_BYTES. */
    uploadBytes: { type: Number, default: 0 },
    /** Files reserved by uploads (open or complete), against MAX_CASE_FILES. */
    uploadFiles: { type: Number, default: 0 },
    /** The reporter's messages and their stored bytes, against MAX_CASE_MESSAGES and MAX_CASE_MESSAGE_BYTES. */
    reporterMessages: { type: Number, default: 0 },
    reporterMessageBytes: { type: Number, default: 0 },
    status: { type: String, enum: CASE_STATUSES, default: 'received', index: true },
    outcome: { type: String, enum: CASE_OUTCOMES },
    routeState: { type: String, enum: ['pending', 'routed'], default: 'pending' },
    unitId: { type: String, index: true },
    ruleId: String,
    chain: [String],
    /** Units the rule notified ("+ notify", "copy"), told once at routing (docs/console.md §Copies). */
    notifiedUnits: { type: [String], default: undefined },
    /** The notified units with a read-only copy view that hold a DEK wrap: they may open the case read-only. */
    copyUnits: { type: [String], default: undefined },
    assigneeId: { type: String, index: true },
    deadlines: {
      acknowledgeBy: Date,
      triageDecisionBy: Date,
      answerBy: Date,
      feedbackBy: Date,
      investigationAlertAt: Date,
      investigationEscalationAt: Date,
      /** Set when an investigator records criminal signs (the 1-working-day referral clock). */
      criminalReferralBy: Date,
      /** The end of the current unit's window to decline as outside its competence. */
      competenceDeclineBy: Date,
      extensionNoticeBy: Date,
      /** The answer deadline before any extension: compliance statistics count against it. */
      originalAnswerBy: Date,
      /** Some deadline was counted past the calendar's years (weekends only): not verified. */
      unverified: Boolean,
      nextDue: { type: Date, index: true },
    },
    /** Criminal signs recorded by an investigator: when (rounded) and at which unit; the referral clock runs while the case stays there. */
    criminalSigns: { type: new Schema({ at: Date, unitId: String }, { _id: false }), default: undefined },
    /** Extensions of the answer deadline (reason from the policy's list; the reporter told at `noticeAt`). */
    extensions: { type: [new Schema({ at: Date, reason: String, days: Number, answerBy: Date, noticeBy: Date, noticeAt: Date }, { _id: false })], default: [] },
    /** SLA steps taken for a missed acknowledgement: 1 the unit head alerted, 2+ oversight units. */
    slaLevel: { type: Number, default: 0 },
    overdue: { type: [String], default: [] },
    labels: { type: [String], default: [] },
    /** Console: the notes key wrapped per unit (core/crypto wrapNotesKeyForUnit), set with the first note. */
    notesWraps: { type: [Wrap], default: undefined },
    noteCount: { type: Number, default: 0 },
    /** Investigators who recused themselves: never assigned this case again. */
    /** Members who recused; indexed because each unit audit view asks for the viewer's recused cases (caseAccess.recusedCaseIds). */
    recusedIds: { type: [String], default: [], index: true },
    acknowledgedAt: Date,
    receivedAt: { type: Date, required: true },
    routedAt: Date,
    closedAt: Date,
    timeline: { type: [TimelineEntry], default: [] },
    messageCount: { type: Number, default: 0 },
    purgedAt: Date,
    /** Reminder keys already sent (`<deadline>@<due ms>`), so each goes out once. */
    remindersSent: { type: [String], default: [] },
    /** How many times the deadline task moved the case along its chain. */
    escalationLevel: { type: Number, default: 0 },
  },
  { versionKey: 'rev', minimize: false },
);

CaseSchema.index({ routeState: 1, receivedAt: 1 });
// The copies list of a notified unit (caseCopies.ts): its copies, newest first.
CaseSchema.index({ copyUnits: 1, receivedAt: -1 });
CaseSchema.index({ unitId: 1, status: 1, 'deadlines.nextDue': 1 });
CaseSchema.index({ status: 1, closedAt: 1 });
// Reward claims find their case by the key that signed them.
CaseSchema.index({ reporterSigningKey: 1 }, { sparse: true });

export type CaseDoc = InferSchemaType<typeof CaseSchema> & { _id: string };
export const Case = mongoose.models.Case ?? mongoose.model('Case', CaseSchema);
