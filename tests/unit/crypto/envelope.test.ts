import fc from 'fast-check';
import {
  CryptoError,
  type CaseToken,
  type Dek,
  type Envelope,
  cryptoReady,
  envelopeShapeProblem,
  fromB64u,
  generateIdentityKey,
  generateNotesKey,
  openFileMeta,
  openIdentity,
  openMessage,
  openNote,
  openReportBody,
  sealFileMeta,
  sealIdentity,
  sealMessage,
  sealNote,
  sealReportBody,
  toB64u,
} from '../../../core/crypto';
import { flipBitB64u } from './helpers';

beforeAll(cryptoReady);

const key32 = fc.uint8Array({ minLength: 32, maxLength: 32 });
const token = key32.map((b) => toB64u(b) as CaseToken);
const plaintext = fc.uint8Array({ maxLength: 9000 });
const id = fc.uint8Array({ minLength: 16, maxLength: 16 }).map(toB64u);

function expectCode(fn: () => unknown, code: string) {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(CryptoError);
  expect((thrown as CryptoError).code).toBe(code);
}

describe('envelopes (XChaCha20-Poly1305, 4 KiB padding)', () => {
  test('report body round trip; ciphertext is a whole number of 4 KiB blocks plus the tag', () => {
    fc.assert(
      fc.property(key32, token, plaintext, (dek, caseToken, body) => {
        const envelope = sealReportBody(dek as Dek, caseToken, body);
        expect(openReportBody(dek as Dek, caseToken, envelope)).toEqual(body);
        const ctLength = fromB64u(envelope.ct).length;
        expect((ctLength - 16) % 4096).toBe(0);
        expect(ctLength - 16).toBe(Math.floor(body.length / 4096) * 4096 + 4096);
        expect(envelopeShapeProblem(envelope, 4096)).toBeNull();
      }),
      { numRuns: 100 },
    );
  });

  test('messages, file metadata, identity and notes round trip', () => {
    fc.assert(
      fc.property(key32, token, id, fc.string(), (key, caseToken, contentId, text) => {
        const dek = key as Dek;
        const bytes = new TextEncoder().encode(text);
        expect(openMessage(dek, caseToken, contentId, 'reporter', sealMessage(dek, caseToken, contentId, 'reporter', text))).toEqual(bytes);
        expect(openFileMeta(dek, caseToken, contentId, sealFileMeta(dek, caseToken, contentId, text))).toEqual(bytes);
        const identityKey = generateIdentityKey();
        expect(openIdentity(identityKey, caseToken, sealIdentity(identityKey, caseToken, text))).toEqual(bytes);
        const notesKey = generateNotesKey();
        expect(openNote(notesKey, caseToken, contentId, sealNote(notesKey, caseToken, contentId, text))).toEqual(bytes);
      }),
      { numRuns: 50 },
    );
  });

  test('any flipped bit in nonce or ciphertext fails with decrypt_failed', () => {
    fc.assert(
      fc.property(key32, token, plaintext, fc.nat(), fc.boolean(), (dek, caseToken, body, bit, inNonce) => {
        const envelope = sealReportBody(dek as Dek, caseToken, body);
        const tampered: Envelope = inNonce ? { ...envelope, nonce: flipBitB64u(envelope.nonce, bit) } : { ...envelope, ct: flipBitB64u(envelope.ct, bit) };
        expectCode(() => openReportBody(dek as Dek, caseToken, tampered), 'decrypt_failed');
      }),
      { numRuns: 200 },
    );
  });

  test('wrong key fails', () => {
    fc.assert(
      fc.property(key32, key32, token, plaintext, (dek, other, caseToken, body) => {
        fc.pre(toB64u(dek) !== toB64u(other));
        expectCode(() => openReportBody(other as Dek, caseToken, sealReportBody(dek as Dek, caseToken, body)), 'decrypt_failed');
      }),
      { numRuns: 100 },
    );
  });

  test('wrong associated data fails: other case, other message id, other author, other field', () => {
    fc.assert(
      fc.property(key32, token, token, id, id, fc.string(), (key, caseA, caseB, idA, idB, text) => {
        fc.pre(caseA !== caseB && idA !== idB);
        const dek = key as Dek;
        expectCode(() => openReportBody(dek, caseB, sealReportBody(dek, caseA, text)), 'decrypt_failed');
        const message = sealMessage(dek, caseA, idA, 'investigator', text);
        expectCode(() => openMessage(dek, caseB, idA, 'investigator', message), 'decrypt_failed');
        expectCode(() => openMessage(dek, caseA, idB, 'investigator', message), 'decrypt_failed');
        expectCode(() => openMessage(dek, caseA, idA, 'reporter', message), 'decrypt_failed');
        // A message presented as a body or as file metadata: other sub-key and other AD.
        expectCode(() => openReportBody(dek, caseA, message), 'decrypt_failed');
        expectCode(() => openFileMeta(dek, caseA, idA, message), 'decrypt_failed');
      }),
      { numRuns: 50 },
    );
  });

  test('malformed envelopes are refused by shape with stable reasons', () => {
    const env = sealReportBody(new Uint8Array(32) as Dek, 'x' as CaseToken, 'hi');
    expect(envelopeShapeProblem(null)).toBe('not_an_object');
    expect(envelopeShapeProblem({ ...env, v: 2 })).toBe('unsupported_version');
    expect(envelopeShapeProblem({ ...env, alg: 'aes' })).toBe('unsupported_algorithm');
    expect(envelopeShapeProblem({ ...env, nonce: 'abc' })).toBe('bad_nonce');
    expect(envelopeShapeProblem({ ...env, extra: 1 })).toBe('unexpected_members');
    expect(envelopeShapeProblem({ ...env, ct: env.ct.slice(0, 40) }, 4096)).toBe('bad_padding_bucket');
    expectCode(() => openReportBody(new Uint8Array(32) as Dek, 'x' as CaseToken, { ...env, ct: env.ct.slice(0, 40) }), 'bad_envelope');
    // A stored copy with an extra member (a database id) still opens; the server refuses it on input.
    const stored = { ...env, _id: 'abc' } as Envelope;
    expect(new TextDecoder().decode(openReportBody(new Uint8Array(32) as Dek, 'x' as CaseToken, stored))).toBe('hi');
  });
});
