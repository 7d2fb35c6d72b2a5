import type { Envelope } from '../../../core/crypto';
import { conflict, invalid } from '../../../core/errors';
import { appendCaseAudit } from '../../audit/appendAudit';
import { randomId } from '../../infra/ids';
import { insertNumbered } from '../../infra/numbered';
import { Case } from '../../models/Case';
import { Note } from '../../models/Note';
import type { UnitWrap } from '../../schemas/common';
import { caseForMember } from './caseAccess';
import { timelineNow, type CaseWorkDeps } from './caseWork';
import { checkUnitWraps } from '../../policy/unitWraps';

/**
 * An internal note, sealed in the browser under the case notes key (sealNote). The first note
 * of a case brings the notes key wrapped for the case's unit (wrapNotesKeyForUnit); it is stored
 * only if the case has none yet (guarded), so two first notes racing cannot install two keys.
 */
export async function postNote(deps: CaseWorkDeps, caseId: string, actorId: string, input: { noteId: string; sealed: Envelope; notesWraps?: UnitWrap[] }) {
  const { kase } = await caseForMember(caseId, actorId);
  const unitId = kase.unitId!;
  if (!kase.notesWraps?.length) {
    if (!input.notesWraps?.some((w) => w.unitId === unitId)) throw invalid('notes_key_required', 'The first note must bring the notes key wrapped for the unit.');
    await checkUnitWraps(deps.policies, [input.notesWraps]);
    const installed = await Case.updateOne({ _id: caseId, notesWraps: { $exists: false } }, { $set: { notesWraps: input.notesWraps } });
    if (installed.modifiedCount !== 1) throw conflict('notes_key_exists', 'Another note installed the notes key first; reload the case.');
  } else if (input.notesWraps) {
    throw conflict('notes_key_exists', 'This case already has a notes key; seal the note with it.');
  }
  const previous = await Note.findOne({ caseId, noteId: input.noteId }, { seq: 1 }).lean<{ seq: number }>();
  if (previous) return { seq: previous.seq };
  const updated = await Case.findOneAndUpdate({ _id: caseId }, { $inc: { noteCount: 1 } }, { returnDocument: 'after' }).lean<{ noteCount: number }>();
  const at = await timelineNow(deps.policies);
  // The unique {caseId, noteId} index makes a concurrent retry of the same note a duplicate too.
  const seq = await insertNumbered(
    (n) => Note.create({ _id: randomId(), caseId, noteId: input.noteId, seq: n, authorId: actorId, unitId, sealed: input.sealed, at }),
    updated!.noteCount,
    async () => (await Note.findOne({ caseId, noteId: input.noteId }, { seq: 1 }).lean<{ seq: number }>())?.seq,
  );
  if (seq !== updated!.noteCount) await Case.updateOne({ _id: caseId }, { $max: { noteCount: seq } });
  await appendCaseAudit(caseId, unitId, { actor: actorId, action: 'note.added', details: { seq } });
  return { seq };
}
