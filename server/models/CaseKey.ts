import mongoose, { Schema } from 'mongoose';

/**
 * The one stored link from a case token to its case (server/infra/caseKeys.ts). `_id` is a
 * one-way hash of the token (so every lookup is an `_id` lookup, the only kind FerretDB serves
 * from an index); `caseId` is random and unrelated to the token. The case, its audit chain,
 * messages, uploads and notifications all use `caseId`; retention deletes this document when it
 * shreds the case, and from then on nothing stored ties the reporter's code to anything.
 */
const CaseKeySchema = new Schema({ _id: { type: String, required: true }, caseId: { type: String, required: true } }, { versionKey: false });

export const CaseKey = mongoose.models.CaseKey ?? mongoose.model('CaseKey', CaseKeySchema, 'caseKeys');
