import { conflict, invalid } from '../../../core/errors';
import { currentUnitKey, findUnit, standbyUnitKey, verifySignedPolicy, PolicyError, type Policy } from '../../../core/policy';
import { cryptoReady } from '../../../core/crypto';
import { appendAudit } from '../../audit/appendAudit';
import { UnitState } from '../../models/UnitState';
import type { PolicyStore } from '../../policy/policyStore';

/**
 * Installs a newly signed policy. Refused unless its Ed25519 signature verifies against the
 * pinned ROOT_PUBLIC_KEY and its version is above every installed one (no rollback, no replay).
 * Units whose rotation was pending are cleared once the policy carries a newer key generation
 * than any a removed member held; a policy that would undo a standby switch is refused.
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
  await refuseUndoingStandby(policy);
  await policies.add(signed);
  const rotated: string[] = [];
  const pending = await UnitState.find({ rotationNeeded: true }).lean<UnitStateDoc[]>();
  for (const u of pending) {
    const current = findUnit(policy, u._id) ? currentUnitKey(policy, u._id) : undefined;
    // Ends only above every generation a removed member held, and not below a standby in force.
    const above = Math.max(u.rotateFrom ?? 0, u.rotateAbove ?? 0);
    if (current && current.generation > above && current.generation >= (u.standbyGeneration ?? 0)) {
      // The new generation is active for everyone: the standby switch has done its job.
      await UnitState.updateOne({ _id: u._id }, { $set: { rotationNeeded: false }, $unset: { rotateFrom: 1, reason: 1, since: 1, standbyGeneration: 1 } });
      rotated.push(u._id);
    }
  }
  await appendAudit({ scope: 'policy', actor: adminId, action: 'policy.installed', details: { version: policy.version, rotated } });
  return { version: policy.version, rotated };
}

type UnitStateDoc = { _id: string; rotateFrom?: number; rotateAbove?: number; standbyGeneration?: number };

/**
 * A unit switched to its standby key (a key holder left) stays switched until a policy makes a
 * generation at least as new its ordinary current key. A newer policy that drops the standby or
 * names another one, while its current key is still older, would silently send new reports back
 * to a key the removed member holds: refused with 409 `policy_undoes_standby`, nothing installed.
 */
async function refuseUndoingStandby(policy: Policy) {
  const switched = await UnitState.find({ standbyGeneration: { $exists: true } }).lean<UnitStateDoc[]>();
  for (const u of switched) {
    const standby = u.standbyGeneration!;
    if (!findUnit(policy, u._id)) continue;
    const stillStandby = standbyUnitKey(policy, u._id)?.generation === standby;
    const current = currentUnitKey(policy, u._id);
    if (!stillStandby && !(current && current.generation >= standby)) {
      throw conflict('policy_undoes_standby', `Unit ${u._id} takes new cases under its standby key generation ${standby}; this policy would send them back to an older key.`);
    }
  }
}
