import fc from 'fast-check';
import {
  CaseCodeError,
  caseCodeFromBytes,
  checkCaseCode,
  cryptoReady,
  formatCaseCode,
  generateCaseCode,
  parseCaseCode,
} from '../../../core/crypto';
import { CROCKFORD_ALPHABET, CROCKFORD_CHECK_ALPHABET } from '../../../core/crypto/encoding';

beforeAll(cryptoReady);

const tenBytes = fc.uint8Array({ minLength: 10, maxLength: 10 });

function problemOf(input: string): string | null {
  const result = checkCaseCode(input);
  return result.ok ? null : result.error.problem;
}

describe('case code', () => {
  test('generated codes have 16 data symbols and a letter or digit check, and parse back', () => {
    for (let i = 0; i < 300; i++) {
      const code = generateCaseCode();
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{17}$/);
      expect(parseCaseCode(formatCaseCode(code))).toBe(code);
    }
  });

  test('display form is XXXX-XXXX-XXXX-XXXX-C', () => {
    const code = caseCodeFromBytes(new Uint8Array(10).fill(0xff));
    expect(formatCaseCode(code)).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-.$/);
  });

  test('normalisation: case, spaces, dashes, O→0, I/L→1, Cyrillic look-alikes', () => {
    fc.assert(
      fc.property(tenBytes, (bytes) => {
        const code = caseCodeFromBytes(bytes);
        const shown = formatCaseCode(code);
        expect(parseCaseCode(shown.toLowerCase())).toBe(code);
        expect(parseCaseCode(`  ${shown.replace(/-/g, ' ')} `)).toBe(code);
        expect(parseCaseCode(shown.replace(/-/g, '\u2013'))).toBe(code);
        expect(parseCaseCode(code.replace(/0/g, 'o').replace(/1/g, (_, i: number) => (i % 2 ? 'I' : 'l')))).toBe(code);
        expect(parseCaseCode(code.replace(/C/g, 'С').replace(/A/g, 'а').replace(/0/g, 'О'))).toBe(code);
      }),
      { numRuns: 200 },
    );
  });

  test('every single-symbol substitution is caught', () => {
    fc.assert(
      fc.property(tenBytes, (bytes) => {
        const code = caseCodeFromBytes(bytes);
        for (let position = 0; position < 17; position++) {
          const alphabet = position < 16 ? CROCKFORD_ALPHABET : CROCKFORD_CHECK_ALPHABET;
          for (const symbol of alphabet) {
            if (symbol === code[position]) continue;
            const typo = code.slice(0, position) + symbol + code.slice(position + 1);
            expect(problemOf(typo)).toBe('check');
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  test('every adjacent transposition (including last data symbol ↔ check) is caught', () => {
    fc.assert(
      fc.property(tenBytes, (bytes) => {
        const code = caseCodeFromBytes(bytes);
        for (let i = 0; i < 16; i++) {
          if (code[i] === code[i + 1]) continue;
          const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
          expect(['check', 'symbol']).toContain(problemOf(swapped));
        }
      }),
      { numRuns: 500 },
    );
  });

  test('missing or extra symbols and foreign characters give typed errors', () => {
    const code = generateCaseCode();
    expect(problemOf('')).toBe('empty');
    expect(problemOf('  - ')).toBe('empty');
    expect(problemOf(code.slice(1))).toBe('length');
    expect(problemOf(code + '0')).toBe('length');
    expect(problemOf('U' + code.slice(1))).toBe('symbol');
    expect(problemOf(code.slice(0, 5) + '!' + code.slice(6))).toBe('symbol');
    expect(() => parseCaseCode('nope')).toThrow(CaseCodeError);
    try {
      parseCaseCode(code.slice(0, 16) + (code[16] === '0' ? '1' : '0'));
    } catch (error) {
      expect(error).toBeInstanceOf(CaseCodeError);
      expect((error as CaseCodeError).code).toBe('bad_case_code');
      expect((error as CaseCodeError).problem).toBe('check');
    }
  });

  test('codes whose Crockford check is * ~ $ = U still parse (other implementations may issue them)', () => {
    let found = 0;
    fc.assert(
      fc.property(tenBytes, (bytes) => {
        const code = caseCodeFromBytes(bytes);
        if (!CROCKFORD_ALPHABET.includes(code[16])) {
          found += 1;
          expect(parseCaseCode(formatCaseCode(code).toLowerCase())).toBe(code);
        }
      }),
      { numRuns: 300 },
    );
    expect(found).toBeGreaterThan(0);
  });
});
