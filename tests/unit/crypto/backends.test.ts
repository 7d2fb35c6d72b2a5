import fc from 'fast-check';
import { STREAM_TAG, loadBackend, type CryptoBackend } from '../../../core/crypto/backend';

/**
 * The JavaScript backend against libsodium, primitive by primitive, on random inputs: what one
 * seals the other opens, and every deterministic output is the same byte for byte. (The
 * business-level vectors run in both backends in vectors.test.ts.)
 */
let sodium: CryptoBackend;
let js: CryptoBackend;
beforeAll(async () => {
  sodium = await loadBackend('libsodium');
  js = await loadBackend('javascript');
});

const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });
const key32 = bytes(32, 32);
const hex = (b: Uint8Array | null) => (b ? Buffer.from(b).toString('hex') : null);
const both = (fn: (backend: CryptoBackend) => Uint8Array | null) => [hex(fn(sodium)), hex(fn(js))];
const runs = { numRuns: 60 };

test('the two backends are what they say', () => {
  expect([sodium.name, js.name]).toEqual(['libsodium', 'javascript']);
});

test('XChaCha20-Poly1305: same ciphertext; each opens the other; a flipped bit opens in neither', () => {
  fc.assert(
    fc.property(key32, bytes(24, 24), bytes(0, 300), bytes(0, 40), fc.nat(), (key, nonce, message, ad, bit) => {
      const [a, b] = both((x) => x.aeadEncrypt(message, ad, nonce, key));
      expect(a).toBe(b);
      const cipher = sodium.aeadEncrypt(message, ad, nonce, key);
      expect(hex(js.aeadDecrypt(cipher, ad, nonce, key))).toBe(hex(message));
      expect(hex(sodium.aeadDecrypt(js.aeadEncrypt(message, ad, nonce, key), ad, nonce, key))).toBe(hex(message));
      const flipped = cipher.slice();
      flipped[bit % flipped.length] ^= 1 << bit % 8;
      expect(both((x) => x.aeadDecrypt(flipped, ad, nonce, key))).toEqual([null, null]);
    }),
    runs,
  );
});

const tagArb = fc.constantFrom(STREAM_TAG.MESSAGE, STREAM_TAG.PUSH, STREAM_TAG.REKEY);
const chunksArb = fc.array(fc.tuple(bytes(0, 200), tagArb, bytes(0, 20)), { minLength: 1, maxLength: 6 });

test('secretstream: several chunks, rekeys and the final tag give the same bytes; each side pulls what the other pushed', () => {
  fc.assert(
    fc.property(key32, bytes(24, 24), chunksArb, fc.boolean(), (key, header, chunks, jsPushes) => {
      const plan = chunks.map(([m, tag, ad], i) => ({ m, ad, tag: i === chunks.length - 1 ? STREAM_TAG.FINAL : tag }));
      const pushA = sodium.secretStreamPush(key, header).stream;
      const pushB = js.secretStreamPush(key, header).stream;
      const ciphers = plan.map(({ m, ad, tag }) => {
        const a = pushA.push(m, ad, tag);
        expect(hex(pushB.push(m, ad, tag))).toBe(hex(a));
        return a;
      });
      const puller = (jsPushes ? sodium : js).secretStreamPull(key, header);
      plan.forEach(({ m, ad, tag }, i) => {
        const opened = puller.pull(ciphers[i], ad);
        expect(opened && { m: hex(opened.message), tag: opened.tag }).toEqual({ m: hex(m), tag });
      });
    }),
    runs,
  );
});

test('secretstream: a reordered or altered chunk is refused by both, and the state does not move', () => {
  const key = new Uint8Array(32).fill(3);
  const header = new Uint8Array(24).fill(4);
  const ad = new Uint8Array(0);
  const push = sodium.secretStreamPush(key, header).stream;
  const first = push.push(new Uint8Array([1, 2, 3]), ad, STREAM_TAG.MESSAGE);
  const second = push.push(new Uint8Array([4, 5]), ad, STREAM_TAG.FINAL);
  for (const backend of [sodium, js]) {
    const pull = backend.secretStreamPull(key, header);
    expect(pull.pull(second, ad)).toBeNull();
    const altered = first.slice();
    altered[2] ^= 1;
    expect(pull.pull(altered, ad)).toBeNull();
    expect(pull.pull(first.subarray(0, 16), ad)).toBeNull();
    expect(pull.pull(first, ad)?.tag).toBe(STREAM_TAG.MESSAGE);
    expect(pull.pull(second, ad)?.tag).toBe(STREAM_TAG.FINAL);
  }
});

test('sealed boxes: each opens what the other sealed; crypto_box_easy with a fixed ephemeral key is identical', () => {
  fc.assert(
    fc.property(bytes(32, 32), bytes(0, 100), key32, bytes(24, 24), (seed, message, esk, nonce) => {
      const recipient = sodium.boxSeedKeyPair(seed);
      expect(hex(js.boxSeedKeyPair(seed).secretKey)).toBe(hex(recipient.secretKey));
      expect(hex(js.boxSeedKeyPair(seed).publicKey)).toBe(hex(recipient.publicKey));
      const open = (x: CryptoBackend, sealed: Uint8Array) => hex(x.boxSealOpen(sealed, recipient.publicKey, recipient.secretKey));
      expect(open(js, sodium.boxSeal(message, recipient.publicKey))).toBe(hex(message));
      expect(open(sodium, js.boxSeal(message, recipient.publicKey))).toBe(hex(message));
      const [a, b] = both((x) => x.boxEasy(message, nonce, recipient.publicKey, esk));
      expect(a).toBe(b);
      expect(hex(js.scalarMultBase(esk))).toBe(hex(sodium.scalarMultBase(esk)));
      const other = js.boxKeyPair();
      const sealed = js.boxSeal(message, recipient.publicKey);
      expect(both((x) => x.boxSealOpen(sealed, other.publicKey, other.secretKey))).toEqual([null, null]);
      expect(both((x) => x.boxSealOpen(sealed.subarray(0, 47), recipient.publicKey, recipient.secretKey))).toEqual([null, null]);
    }),
    { numRuns: 30 },
  );
});

test('crypto_box with a low-order public key (all zeros) throws in both', () => {
  const zero = new Uint8Array(32);
  for (const backend of [sodium, js]) expect(() => backend.boxEasy(new Uint8Array(1), new Uint8Array(24), zero, new Uint8Array(32).fill(9))).toThrow();
});

test('crypto_kdf_derive_from_key and BLAKE2b (keyed or not, any output length) are identical', () => {
  const contexts = fc.constantFrom('cc-case1', 'cc-case2', 'cc-dek-1', 'cc-pass1', 'cc-keys1');
  fc.assert(
    fc.property(key32, fc.integer({ min: 0, max: 2 ** 31 - 1 }), contexts, bytes(0, 200), fc.integer({ min: 1, max: 64 }), bytes(0, 64), (key, id, context, message, length, hashKey) => {
      expect(hex(js.kdfDerive(32, id, context, key))).toBe(hex(sodium.kdfDerive(32, id, context, key)));
      const [a, b] = both((x) => x.generichash(length, message, hashKey));
      expect(a).toBe(b);
    }),
    runs,
  );
});

test('Ed25519: same key pairs and signatures; each verifies the other; altered messages, signatures and small-order keys fail in both', () => {
  fc.assert(
    fc.property(bytes(32, 32), bytes(0, 200), fc.nat(), (seed, message, bit) => {
      const pair = sodium.signSeedKeyPair(seed);
      expect(hex(js.signSeedKeyPair(seed).secretKey)).toBe(hex(pair.secretKey));
      const [a, b] = both((x) => x.signDetached(message, pair.secretKey));
      expect(a).toBe(b);
      const signature = js.signDetached(message, pair.secretKey);
      expect([sodium, js].map((x) => x.signVerifyDetached(signature, message, pair.publicKey))).toEqual([true, true]);
      const flipped = signature.slice();
      flipped[bit % 64] ^= 1 << bit % 8;
      expect([sodium, js].map((x) => x.signVerifyDetached(flipped, message, pair.publicKey))).toEqual([false, false]);
      const longer = Uint8Array.from([...message, 0]);
      expect([sodium, js].map((x) => x.signVerifyDetached(signature, longer, pair.publicKey))).toEqual([false, false]);
    }),
    { numRuns: 30 },
  );
  const identity = new Uint8Array(32);
  identity[0] = 1; // the neutral point: small order, refused by libsodium's rules
  const forged = new Uint8Array(64);
  forged.set(identity);
  expect([sodium, js].map((x) => x.signVerifyDetached(forged, new Uint8Array([1]), identity))).toEqual([false, false]);
});

test('sodium_pad / sodium_unpad accept and refuse the same inputs', () => {
  fc.assert(
    fc.property(bytes(0, 300), fc.integer({ min: 1, max: 64 }), bytes(0, 80), (data, block, junk) => {
      const [a, b] = both((x) => x.pad(data, block));
      expect(a).toBe(b);
      expect(both((x) => x.unpad(sodium.pad(data, block), block))).toEqual([hex(data), hex(data)]);
      const [c, d] = both((x) => x.unpad(junk, block));
      expect(c).toBe(d);
    }),
    { numRuns: 200 },
  );
});

test('base64url and hex: same text, and the same strings refused (bad symbols, padding, spare bits)', () => {
  fc.assert(
    fc.property(bytes(0, 70), fc.string({ unit: fc.constantFrom(...'AQgw_-9z=+/ .'.split('')), maxLength: 12 }), (data, text) => {
      expect(js.toBase64Url(data)).toBe(sodium.toBase64Url(data));
      expect(js.toHex(data)).toBe(sodium.toHex(data));
      const decode = (x: CryptoBackend) => {
        try {
          return hex(x.fromBase64Url(text));
        } catch {
          return 'refused';
        }
      };
      expect(decode(js)).toBe(decode(sodium));
    }),
    { numRuns: 400 },
  );
});

test('Argon2id (small costs) is identical', () => {
  fc.assert(
    fc.property(bytes(0, 40), bytes(16, 16), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 8, max: 64 }), (password, salt, ops, kib) => {
      const [a, b] = both((x) => x.argon2id(32, password, salt, ops, kib * 1024));
      expect(a).toBe(b);
    }),
    { numRuns: 25 },
  );
});

test('memcmp and isZero agree', () => {
  fc.assert(
    fc.property(bytes(0, 40), fc.nat(), (data, bit) => {
      const other = data.slice();
      if (other.length) other[bit % other.length] ^= 1 << bit % 8;
      expect([js.memcmp(data, other), js.isZero(data)]).toEqual([sodium.memcmp(data, other), sodium.isZero(data)]);
    }),
    runs,
  );
});
