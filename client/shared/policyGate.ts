/**
 * Rollback protection for the signed policy in the browser. A server (or anyone in front of it)
 * can replay an older signed policy: its signature is genuine, but it may still list a unit key
 * that was since retired or replaced by a standby because a key holder left. The page therefore
 * refuses any policy older than the newest it was built with (a floor fixed at build time) or
 * the newest it has already accepted in this page, and checks that the policy is valid now.
 * Kept in the page's memory only, like the keys: a reload starts from the build floor again.
 */
import { verifySignedPolicy, type Policy } from '../../core/policy';

export type PolicyGate = {
  /** Verifies against the pinned root key, now valid, not older than the floor; raises the floor. Throws PolicyError. */
  verify: (signed: unknown, rootPublicKey: string, at?: Date) => Policy;
  /** The lowest version this page still accepts. */
  floor: () => number;
};

/** A gate with the build's floor (0: none). One per page: `pagePolicyGate` in policyGateOfPage.ts. */
export function createPolicyGate(buildFloor: number): PolicyGate {
  let newestSeen = 0;
  const floor = () => Math.max(buildFloor, newestSeen);
  return {
    floor,
    verify(signed, rootPublicKey, at = new Date()) {
      // PolicyError 'policy_rollback' for an older version, 'policy_not_valid_now' outside its dates.
      const policy = verifySignedPolicy(signed, rootPublicKey, { at, minVersion: floor() });
      newestSeen = Math.max(newestSeen, policy.version);
      return policy;
    },
  };
}
