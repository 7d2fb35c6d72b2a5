/**
 * Verifying a signed policy against the deployment root key. This is what stops an attacker
 * who can write to the database from redirecting reports: unit public keys and rules are only
 * trusted after an Ed25519 signature by the offline root key over canonicalJson(policy).
 * Requires `await cryptoReady()` (core/crypto) first; works with either crypto backend, so a
 * browser without WebAssembly (Tor Browser "Safer") checks the signature before anything else.
 */
import { rootKeyId, verifyCanonical } from '../crypto';
import { PolicyError } from './errors';
import { parsePolicySource } from './parse';
import { SignedPolicySchema, type Policy } from './schema';
import { isPolicyValidAt } from './lookup';

export interface VerifyOptions {
  /** Also require the policy to be valid at this instant (PolicyError 'policy_not_valid_now'). */
  at?: Date;
  /** Refuse versions below this one, e.g. the highest version seen before (PolicyError 'policy_rollback'). */
  minVersion?: number;
}

/**
 * Checks the signed envelope's shape, the signature over canonicalJson(policy) with the root
 * public key, that the signature's key id names that root key, then parses the policy.
 * Throws PolicyError: 'bad_signed_format', 'bad_signature', 'key_id_mismatch', 'invalid_policy'
 * (and 'policy_not_valid_now' / 'policy_rollback' when the options ask for those checks).
 */
export function verifySignedPolicy(signed: unknown, rootPublicKeyB64u: string, options: VerifyOptions = {}): Policy {
  const envelope = SignedPolicySchema.safeParse(signed);
  if (!envelope.success || envelope.data.policy === undefined) {
    const issues = envelope.success ? ['policy: missing'] : envelope.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new PolicyError('bad_signed_format', 'Not a cc-signed-policy/1 document:', issues);
  }
  const { policy: source, signature } = envelope.data;
  // verifyCanonical answers false for malformed keys or signatures; it throws only if
  // core/crypto is not initialised, which must surface as that, not as a bad signature.
  if (!verifyCanonical(source, signature.value, rootPublicKeyB64u)) throw new PolicyError('bad_signature', 'The policy signature does not verify with the pinned root key.');
  if (signature.keyId !== rootKeyId(rootPublicKeyB64u)) {
    throw new PolicyError('key_id_mismatch', `The signature names key "${signature.keyId}", not the pinned root key.`);
  }
  const policy = parsePolicySource(source);
  if (options.at && !isPolicyValidAt(policy, options.at)) {
    throw new PolicyError('policy_not_valid_now', `Policy version ${policy.version} is valid from ${policy.validFrom} until ${policy.validUntil}.`);
  }
  if (options.minVersion !== undefined && policy.version < options.minVersion) {
    throw new PolicyError('policy_rollback', `Policy version ${policy.version} is older than version ${options.minVersion} already seen.`);
  }
  return policy;
}
