import { conflict, invalid } from '../../../core/errors';
import { currentUnitKey, findUnit, verifySignedPolicy, PolicyError } from '../../../core/policy';
import { cryptoReady } from '../../../core/crypto';
import { appendAudit } from '../../audit/appendAudit';
import { UnitState } from '../../models/UnitState';
import type { PolicyStore } from '../../policy/policyStore';

/**
 * Installs a newly signed policy. Refused unless its Ed25519 signature verifies against the
 * pinned ROOT_PUBLIC_KEY and its version is above every installed one (no rollback, no replay).
 * Units whose rotation was pending are cleared once the policy carries a newer key generation.
 */
export async function uploadPolicy(policies: PolicyStore, rootPublicKey: string | undefined, adminId: string, signed: unknown) {
  if (!rootPublicKey) throw invalid('no_root_key', 'ROOT_PUBLIC_KEY is not configured; no policy can be trusted.');
  await cryptoReady();
  const newest = await policies.current().then((p) => p.policy.version, () => 0);
  let policy;
  try {
    policy = verifySignedPolicy(signed, rootPublicKey, { minVersion: newest + 1 });
  } catch (err) {
    if (err instanceof PolicyError) {
      if (err.code === 'policy_rollback') throw conflict('policy_version_not_newer', `Version must be above ${newest}.`);
      throw invalid(`policy_${err.code}`, err.message);
    }
    throw err;
  }
  await policies.add(signed);
  const rotated: string[] = [];
  const pending = await UnitState.find({ rotationNeeded: true }).lean<{ _id: string; rotateFrom?: number }[]>();
  for (const u of pending) {
    const current = findUnit(policy, u._id) ? currentUnitKey(policy, u._id) : undefined;
    if (current && current.generation > (u.rotateFrom ?? 0)) {
      // The new generation is active for everyone: the standby switch has done its job.
      await UnitState.updateOne({ _id: u._id }, { $set: { rotationNeeded: false }, $unset: { rotateFrom: 1, reason: 1, since: 1, standbyGeneration: 1 } });
      rotated.push(u._id);
    }
  }
  await appendAudit({ scope: 'policy', actor: adminId, action: 'policy.installed', details: { version: policy.version, rotated } });
  return { version: policy.version, rotated };
}
