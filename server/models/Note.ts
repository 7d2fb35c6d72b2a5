import mongoose, { Schema } from 'mongoose';

/**
 * An internal note on a case, sealed in the investigator's browser under the case notes key
 * (core/crypto sealNote). The notes key is wrapped per unit on the case (Case.notesWraps), so
 * the reporter, whose keys derive from the case code, cannot read notes.
 */
const NoteSchema = new Schema(
  {
    _id: { type: String, required: true },
    caseId: { type: String, required: true },
    /** The id bound into the note's associated data. */
    noteId: { type: String, required: true },
    seq: { type: Number, required: true },
    authorId: { type: String, required: true },
    unitId: { type: String, required: true },
    sealed: { v: Number, alg: String, nonce: String, ct: String },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
NoteSchema.index({ caseId: 1, seq: 1 }, { unique: true });
NoteSchema.index({ caseId: 1, noteId: 1 }, { unique: true });

export const Note = mongoose.models.Note ?? mongoose.model('Note', NoteSchema);
