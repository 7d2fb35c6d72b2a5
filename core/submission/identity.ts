/**
 * What a confidential reporter gives about themselves: what the APPC (Art. 63) needs to consider
 * a statement (full name, IIN, postal address) and a safe contact. Sealed in the browser under
 * its own key (buildSubmission.ts); the server never reads it. IIN and address are optional:
 * without them the report is still confidential, but the agency cannot register it as an appeal.
 */
export type Identity = { name: string; iin?: string; address?: string; contact: string; note: string };

/** The identity fields in the order forms show them. */
export const IDENTITY_FIELDS = ['name', 'iin', 'address', 'contact', 'note'] as const;

/**
 * Why an IIN (Kazakhstan's 12-digit individual identification number) is not valid, or null:
 * 'digits' (not 12 digits) or 'check' (the 12th digit is not the check digit: weights 1..11,
 * mod 11; a result of 10 is recomputed with weights 3..11,1,2; a second 10 is never issued).
 * Catches a typing mistake before sending; says nothing about whether the number exists.
 */
export function iinProblem(input: string): null | 'digits' | 'check' {
  const iin = input.replace(/\s/g, '');
  if (!/^\d{12}$/.test(iin)) return 'digits';
  const d = [...iin].map(Number);
  const weighted = (weights: number[]) => weights.reduce((sum, w, i) => sum + w * d[i], 0) % 11;
  let check = weighted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  if (check === 10) check = weighted([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]);
  return check === 10 || check !== d[11] ? 'check' : null;
}

/** The sealed identity's JSON: trimmed fields, empty optional ones left out. */
export function identityJson(identity: Identity): string {
  const out: Record<string, string> = {};
  for (const field of IDENTITY_FIELDS) {
    const value = (identity[field] ?? '').trim();
    if (value || field === 'name' || field === 'contact' || field === 'note') out[field] = field === 'iin' ? value.replace(/\s/g, '') : value;
  }
  return JSON.stringify(out);
}
