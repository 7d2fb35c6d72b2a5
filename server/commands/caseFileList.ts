import { CaseFile } from '../models/CaseFile';

export type CaseFileListing = { fileId: string; contentId: string; meta: unknown; size: number; from: string };

type Stored = { _id: string; contentId: string; meta: unknown; size: number; from: string };

/**
 * A case's attachments in upload order: those listed on the case document by older versions
 * (`legacy`, read-only now) first, then the CaseFile collection. Bounded by MAX_CASE_FILES.
 */
export async function listCaseFiles(caseId: string, legacy: CaseFileListing[] | undefined = []): Promise<CaseFileListing[]> {
  const stored = await CaseFile.find({ caseId }, { caseId: 0, n: 0 }).sort({ n: 1 }).lean<Stored[]>();
  return [...(legacy ?? []), ...stored.map(({ _id, contentId, meta, size, from }) => ({ fileId: _id, contentId, meta, size, from }))];
}

/** One attachment of a case, or undefined. */
export async function findCaseFile(caseId: string, fileId: string, legacy: CaseFileListing[] | undefined = []): Promise<CaseFileListing | undefined> {
  const old = (legacy ?? []).find((a) => a.fileId === fileId);
  if (old) return old;
  const found = await CaseFile.findOne({ _id: fileId, caseId }).lean<Stored>();
  return found ? { fileId: found._id, contentId: found.contentId, meta: found.meta, size: found.size, from: found.from } : undefined;
}
