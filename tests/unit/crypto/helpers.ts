import { fromB64u, toB64u } from '../../../core/crypto';

/** Flips one bit of a byte array (copy). */
export function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const copy = bytes.slice();
  copy[Math.floor(bit / 8) % copy.length] ^= 1 << bit % 8;
  return copy;
}

/** Flips one bit inside a base64url field. */
export function flipBitB64u(text: string, bit: number): string {
  const bytes = fromB64u(text);
  return toB64u(flipBit(bytes, bit % (bytes.length * 8)));
}

/** Deterministic test bytes: i mod 251. */
export function patternBytes(length: number, offset = 0): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (i + offset) % 251;
  return out;
}

/** Fast byte equality for large arrays (jest's toEqual walks every element). */
export function expectSameBytes(actual: Uint8Array, expected: Uint8Array): void {
  expect(actual.length).toBe(expected.length);
  expect(Buffer.from(actual.buffer, actual.byteOffset, actual.length).equals(Buffer.from(expected.buffer, expected.byteOffset, expected.length))).toBe(true);
}
