import fc from 'fast-check';
import { canonicalJson } from '../../../core/canonicalJson';
import { cryptoReady, generateSigningKeyPair, rootKeyId, signCanonical, toB64u } from '../../../core/crypto';
import { verifySignedPolicy } from '../../../core/policy/verify';
import type { PolicyErrorCode } from '../../../core/policy/errors';
import { kzSource } from './kzPolicy';

let rootSecret: Uint8Array;
let rootPublic: string;
let otherPublic: string;

beforeAll(async () => {
  await cryptoReady();
  const root = generateSigningKeyPair();
  rootSecret = root.secretKey;
  rootPublic = toB64u(root.publicKey);
  otherPublic = toB64u(generateSigningKeyPair().publicKey);
});

/** What `keys sign` produces: the source, signed over its canonical JSON by the root key. */
function sign(policy: unknown, secretKey = rootSecret, publicKey = rootPublic) {
  return {
    format: 'cc-signed-policy/1',
    policy,
    signature: { alg: 'Ed25519', keyId: rootKeyId(publicKey), value: signCanonical(policy, secretKey) },
  };
}

function codeOf(fn: () => unknown): PolicyErrorCode | 'no error' {
  try {
    fn();
    return 'no error';
  } catch (error) {
    return (error as { code: PolicyErrorCode }).code;
  }
}

describe('verifySignedPolicy', () => {
  it('accepts the default policy signed by the root key and returns it parsed', () => {
    const policy = verifySignedPolicy(sign(kzSource()), rootPublic);
    expect(policy.version).toBe((kzSource() as { version: number }).version);
    expect(policy.units).toHaveLength(168);
  });

  it('accepts it after a JSON round trip with reordered keys (the signature covers canonical JSON)', () => {
    const signed = sign(kzSource());
    const reordered = JSON.parse(JSON.stringify({ signature: signed.signature, policy: signed.policy, format: signed.format }));
    expect(codeOf(() => verifySignedPolicy(reordered, rootPublic))).toBe('no error');
  });

  it('refuses a policy signed by another key (wrong pinned root key)', () => {
    expect(codeOf(() => verifySignedPolicy(sign(kzSource()), otherPublic))).toBe('bad_signature');
  });

  it('refuses a unit public key swapped after signing (the database attacker)', () => {
    const signed = sign(kzSource());
    (signed.policy as ReturnType<typeof kzSource>).units[1].keys.push({
      generation: 1,
      publicKey: Buffer.alloc(32, 0x41).toString('base64url'),
      createdAt: '2026-11-01T00:00:00Z',
    });
    expect(codeOf(() => verifySignedPolicy(signed, rootPublic))).toBe('bad_signature');
  });

  it('refuses a changed rule target and a changed label', () => {
    const a = sign(kzSource());
    (a.policy as ReturnType<typeof kzSource>).rules[3].target.kind = 'ethics';
    expect(codeOf(() => verifySignedPolicy(a, rootPublic))).toBe('bad_signature');
    const b = sign(kzSource());
    (b.policy as ReturnType<typeof kzSource>).units[5].labels.kk += '.';
    expect(codeOf(() => verifySignedPolicy(b, rootPublic))).toBe('bad_signature');
  });

  it('refuses any one-character change of the policy text that still parses as JSON', () => {
    const text = canonicalJson(kzSource());
    const signature = sign(JSON.parse(text)).signature;
    const alphabet = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_@:,"{}[] .Ққ';
    let tried = 0;
    fc.assert(
      fc.property(fc.nat({ max: text.length - 1 }), fc.constantFrom(...alphabet), (at, ch) => {
        fc.pre(text[at] !== ch);
        let changed: unknown;
        try {
          changed = JSON.parse(text.slice(0, at) + ch + text.slice(at + 1));
        } catch {
          fc.pre(false);
        }
        fc.pre(canonicalJson(changed) !== text);
        tried++;
        expect(codeOf(() => verifySignedPolicy({ format: 'cc-signed-policy/1', policy: changed, signature }, rootPublic))).toBe('bad_signature');
      }),
      { numRuns: 150 },
    );
    expect(tried).toBeGreaterThan(50);
  });

  it('refuses a signature changed in one byte', () => {
    const signed = sign(kzSource());
    const bytes = Buffer.from(signed.signature.value, 'base64url');
    for (const at of [0, 31, 63]) {
      const flipped = Buffer.from(bytes);
      flipped[at] ^= 0x01;
      const tampered = { ...signed, signature: { ...signed.signature, value: flipped.toString('base64url') } };
      expect(codeOf(() => verifySignedPolicy(tampered, rootPublic))).toBe('bad_signature');
    }
  });

  it('refuses a malformed signature or root key as a bad signature, not a crash', () => {
    const signed = sign(kzSource());
    expect(codeOf(() => verifySignedPolicy({ ...signed, signature: { ...signed.signature, value: '!!!' } }, rootPublic))).toBe('bad_signature');
    expect(codeOf(() => verifySignedPolicy(signed, 'not-a-key'))).toBe('bad_signature');
  });

  it('refuses a valid signature whose key id names another key', () => {
    const signed = sign(kzSource());
    signed.signature.keyId = rootKeyId(otherPublic);
    expect(codeOf(() => verifySignedPolicy(signed, rootPublic))).toBe('key_id_mismatch');
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['a bare policy source', kzSource()],
    ['another format', { format: 'cc-signed-policy/2', policy: {}, signature: { alg: 'Ed25519', keyId: 'k', value: 'v' } }],
    ['another algorithm', { format: 'cc-signed-policy/1', policy: {}, signature: { alg: 'RS256', keyId: 'k', value: 'v' } }],
    ['no policy', { format: 'cc-signed-policy/1', signature: { alg: 'Ed25519', keyId: 'k', value: 'v' } }],
    ['an extra field', { format: 'cc-signed-policy/1', policy: {}, signature: { alg: 'Ed25519', keyId: 'k', value: 'v' }, note: 'x' }],
  ])('refuses %s as bad_signed_format', (_name, signed) => {
    expect(codeOf(() => verifySignedPolicy(signed, rootPublic))).toBe('bad_signed_format');
  });

  it('refuses a correctly signed policy that is itself invalid', () => {
    const source = kzSource();
    source.triageUnit = 'triage@KZ-99';
    expect(codeOf(() => verifySignedPolicy(sign(source), rootPublic))).toBe('invalid_policy');
  });

  it('checks validity period and rollback only when asked', () => {
    const signed = sign(kzSource());
    expect(codeOf(() => verifySignedPolicy(signed, rootPublic, { at: new Date('2027-06-01T00:00:00Z') }))).toBe('no error');
    expect(codeOf(() => verifySignedPolicy(signed, rootPublic, { at: new Date('2030-01-01T00:00:00Z') }))).toBe('policy_not_valid_now');
    const version = (kzSource() as { version: number }).version;
    expect(codeOf(() => verifySignedPolicy(signed, rootPublic, { minVersion: version }))).toBe('no error');
    expect(codeOf(() => verifySignedPolicy(signed, rootPublic, { minVersion: version + 1 }))).toBe('policy_rollback');
  });
});
