import {
  CROCKFORD_ALPHABET,
  CROCKFORD_CHECK_ALPHABET,
  crockfordCheckValue,
  normaliseCrockfordInput,
  toCrockford,
} from './encoding';
import { CaseCodeError } from './errors';
import { lib } from './backend';

/** A case code in canonical form: 16 Crockford base32 data symbols + 1 check symbol, no dashes. */
export type CaseCode = string & { readonly __brand: 'CaseCode' };

/** Random bytes behind a case code: 80 bits = 16 base32 symbols. */
export const CASE_CODE_BYTES = 10;
const DATA_SYMBOLS = 16;

/**
 * A new case code from the CSPRNG. Codes whose mod-37 check would be one of * ~ $ = U are
 * redrawn so that a reporter only ever writes letters and digits; this keeps 79.79 of the 80
 * bits (log2(32/37) lost), see docs/crypto.md.
 */
export function generateCaseCode(): CaseCode {
  for (;;) {
    const code = caseCodeFromBytes(lib().randomBytes(CASE_CODE_BYTES));
    if (CROCKFORD_ALPHABET.includes(code[DATA_SYMBOLS])) return code;
  }
}

/** FOR VECTORS AND TESTS: the case code of given 10 bytes (its check symbol may be * ~ $ = U). */
export function caseCodeFromBytes(bytes: Uint8Array): CaseCode {
  if (bytes.length !== CASE_CODE_BYTES) throw new CaseCodeError('length', 'a case code holds exactly 10 bytes');
  const data = toCrockford(bytes);
  return (data + CROCKFORD_CHECK_ALPHABET[crockfordCheckValue(data)]) as CaseCode;
}

/**
 * Reads what a reporter typed: normalises (case, spaces, dashes, O→0, I/L→1, Cyrillic
 * look-alikes) and checks length, alphabet and check symbol. Throws CaseCodeError with
 * `problem` 'empty' | 'length' | 'symbol' | 'check' — before any network call.
 */
export function parseCaseCode(input: string): CaseCode {
  const text = normaliseCrockfordInput(input);
  if (text.length === 0) throw new CaseCodeError('empty', 'Enter your case code.');
  if (text.length !== DATA_SYMBOLS + 1) {
    throw new CaseCodeError('length', `A case code has ${DATA_SYMBOLS + 1} characters; this one has ${text.length}.`);
  }
  const data = text.slice(0, DATA_SYMBOLS);
  for (const symbol of data) {
    if (!CROCKFORD_ALPHABET.includes(symbol)) throw new CaseCodeError('symbol', `"${symbol}" cannot appear in a case code.`);
  }
  const check = text[DATA_SYMBOLS];
  if (!CROCKFORD_CHECK_ALPHABET.includes(check)) throw new CaseCodeError('symbol', `"${check}" cannot end a case code.`);
  if (CROCKFORD_CHECK_ALPHABET[crockfordCheckValue(data)] !== check) {
    throw new CaseCodeError('check', 'This case code contains a typing mistake: please compare it with your note.');
  }
  return text as CaseCode;
}

/** Like parseCaseCode but returns the problem instead of throwing, for live form feedback. */
export function checkCaseCode(input: string): { ok: true; code: CaseCode } | { ok: false; error: CaseCodeError } {
  try {
    return { ok: true, code: parseCaseCode(input) };
  } catch (error) {
    if (error instanceof CaseCodeError) return { ok: false, error };
    throw error;
  }
}

/** Display form XXXX-XXXX-XXXX-XXXX-C. */
export function formatCaseCode(code: CaseCode): string {
  const groups = code.slice(0, DATA_SYMBOLS).match(/.{4}/g) ?? [];
  return `${groups.join('-')}-${code[DATA_SYMBOLS]}`;
}
