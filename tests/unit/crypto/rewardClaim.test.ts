import {
  KDF,
  REWARD_CLAIM_CONTEXT,
  caseSecretsFromMaster,
  cryptoReady,
  rewardClaimBytes,
  rewardClaimProblem,
  rewardClaimRef,
  signCanonical,
  signRewardClaim,
  signingKeyPairFromSeed,
  toB64u,
  utf8,
  verifyRewardClaim,
} from '../../../core/crypto';
import { subkey } from '../../../core/crypto/kdf';
import { lib } from '../../../core/crypto/backend';

beforeAll(cryptoReady);

const master = new Uint8Array(32).fill(7);
const claimInput = { deploymentId: 'kz-default', date: '2027-03-14', claimant: 'Айгерім Серікқызы, ИИН 900101300123' };

describe('reward claims (docs/crypto.md §Reward claims)', () => {
  test.each([1, 2] as const)('KDF version %i: the signing key is sub-key id 5 of the case context; ids 1–4 are unchanged', (version) => {
    const context = version === 1 ? KDF.case.context : KDF.caseV2.context;
    const s = caseSecretsFromMaster(master, version);
    expect(s.reporterSigningKeyPair.publicKey).toEqual(signingKeyPairFromSeed(subkey(master, 5, context)).publicKey);
    expect(s.caseToken).toBe(toB64u(subkey(master, 1, context)));
    expect(s.authSecret).toEqual(subkey(master, 2, context));
    expect(s.dek).toEqual(subkey(master, 4, context));
    // Not the X25519 reporter key, not any other sub-key.
    expect(toB64u(s.reporterSigningKeyPair.publicKey)).not.toBe(toB64u(s.reporterKeyPair.publicKey));
  });

  test('a claim verifies offline, against its own key and against the key stored with the case', () => {
    const { reporterSigningKeyPair } = caseSecretsFromMaster(master);
    const claim = signRewardClaim(reporterSigningKeyPair, claimInput);
    expect(claim.statement.caseRef).toBe(rewardClaimRef(claim.publicKey));
    expect(rewardClaimProblem(claim)).toBeNull();
    expect(verifyRewardClaim(claim, toB64u(reporterSigningKeyPair.publicKey))).toBe(true);
    // A round trip through JSON text (how it is handed over) changes nothing.
    expect(verifyRewardClaim(JSON.parse(JSON.stringify(claim)))).toBe(true);
    // Another case's key does not match.
    const other = caseSecretsFromMaster(new Uint8Array(32).fill(8)).reporterSigningKeyPair;
    expect(verifyRewardClaim(claim, toB64u(other.publicKey))).toBe(false);
  });

  test('the signed bytes are the context line and the canonical JSON of the statement', () => {
    const { reporterSigningKeyPair } = caseSecretsFromMaster(master);
    const claim = signRewardClaim(reporterSigningKeyPair, claimInput);
    const s = claim.statement;
    const expected = `${REWARD_CLAIM_CONTEXT}{"caseRef":"${s.caseRef}","claimant":"${s.claimant}","date":"2027-03-14","deploymentId":"kz-default","format":"cc-reward-claim/1"}`;
    expect(rewardClaimBytes(s)).toEqual(utf8(expected));
    expect(lib().signVerifyDetached(Buffer.from(claim.signature, 'base64url'), utf8(expected), reporterSigningKeyPair.publicKey)).toBe(true);
  });

  test('any change to the statement, key or signature fails; a signature of the same key without the context fails', () => {
    const pair = caseSecretsFromMaster(master).reporterSigningKeyPair;
    const claim = signRewardClaim(pair, claimInput);
    const other = signRewardClaim(signingKeyPairFromSeed(new Uint8Array(32).fill(9)), claimInput);
    expect(rewardClaimProblem({ ...claim, statement: { ...claim.statement, claimant: 'Someone else' } })).toBe('signature');
    expect(rewardClaimProblem({ ...claim, statement: { ...claim.statement, date: '2027-03-15' } })).toBe('signature');
    expect(rewardClaimProblem({ ...claim, statement: { ...claim.statement, deploymentId: 'other' } })).toBe('signature');
    expect(rewardClaimProblem({ ...claim, publicKey: other.publicKey })).toBe('reference');
    expect(rewardClaimProblem({ ...claim, publicKey: other.publicKey, statement: { ...claim.statement, caseRef: other.statement.caseRef } })).toBe('signature');
    expect(rewardClaimProblem({ ...claim, signature: other.signature })).toBe('signature');
    // The same key signing the canonical statement without the context line (domain separation).
    expect(rewardClaimProblem({ ...claim, signature: signCanonical(claim.statement, pair.secretKey) })).toBe('signature');
    expect(rewardClaimProblem({ ...claim, statement: { ...claim.statement, extra: 1 } })).toBe('shape');
    expect(rewardClaimProblem({ ...claim, signature: 'short' })).toBe('shape');
    expect(rewardClaimProblem(null)).toBe('shape');
    expect(rewardClaimProblem('text')).toBe('shape');
  });

  test('bad input is refused before signing', () => {
    const pair = caseSecretsFromMaster(master).reporterSigningKeyPair;
    expect(() => signRewardClaim(pair, { ...claimInput, date: '14.03.2027' })).toThrow(/date/);
    expect(() => signRewardClaim(pair, { ...claimInput, claimant: 'x'.repeat(201) })).toThrow(/claimant/);
  });
});
