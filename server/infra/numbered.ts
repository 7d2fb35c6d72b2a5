/**
 * Numbered items of a case (messages, notes) take their number from a counter on the case
 * (`$inc`). On MongoDB that is atomic; FerretDB 1.24 can hand the same number to two concurrent
 * writers (its `$inc` is a read-modify-write). The unique index {caseId, seq} catches that, and
 * this loop takes the next free number instead of failing the request. A duplicate can also be
 * the same item stored by a concurrent retry: `alreadyStored` answers that case.
 */
export async function insertNumbered(
  insert: (seq: number) => Promise<unknown>,
  firstSeq: number,
  alreadyStored: () => Promise<number | undefined>,
  attempts = 50,
): Promise<number> {
  for (let seq = firstSeq; seq < firstSeq + attempts; seq++) {
    try {
      await insert(seq);
      return seq;
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
      const stored = await alreadyStored();
      if (stored !== undefined) return stored;
    }
  }
  throw new Error(`no free sequence number after ${attempts} attempts`);
}
