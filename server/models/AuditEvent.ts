import mongoose, { Schema } from 'mongoose';

/**
 * One entry of an append-only audit chain. A chain per scope (`case:<id>`, `unit:<id>`,
 * `system`); `seq` counts from 1 inside the scope and the unique (scope, seq) index lets only
 * one writer take each place. `hash` = BLAKE2b-256 over the canonical JSON of every other field
 * (server/audit/appendAudit.ts). Entries hold ids and facts, never case content or reporter data.
 */
const AuditEventSchema = new Schema(
  {
    _id: { type: String, required: true },
    scope: { type: String, required: true },
    seq: { type: Number, required: true },
    at: { type: Date, required: true },
    /** 'system' or an investigator id. */
    actor: { type: String, required: true },
    action: { type: String, required: true },
    details: { type: Schema.Types.Mixed, default: {} },
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
  },
  { versionKey: false, minimize: false },
);
AuditEventSchema.index({ scope: 1, seq: 1 }, { unique: true });

export const AuditEvent = mongoose.models.AuditEvent ?? mongoose.model('AuditEvent', AuditEventSchema);
