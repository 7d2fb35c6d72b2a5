/**
 * The investigator's unlocked keys and unit keys, held only in this page's memory (never in
 * storage): reload the page and the password is needed again. Unit keys come from grants sealed
 * to the investigator's X25519 key; each is checked against the unit public key of the policy
 * this page verified against the root key pinned at build time, so a server cannot slip in a
 * key of its own.
 */
import { keyIdOf, openUnitKeyGrant, fromB64u, type BoxKeyPair, type InvestigatorKeys, type KeyWrap } from '../../core/crypto';
import { unitKeyByGeneration, type ActivatedStandby, type Policy } from '../../core/policy';
import { pagePolicyGate } from '../shared/policyGateOfPage';
import { api, fetchSignedPolicy } from './api';

export type Account = { id: string; username: string; displayName: string; role: 'investigator' | 'supervisor' | 'admin' };

export type UnitInfo = {
  unitId: string;
  role: 'member' | 'supervisor';
  grants: { generation: number; grant: KeyWrap }[];
  currentGeneration: number | null;
  rotationNeeded: boolean;
  /** New cases go to the unit's standby key generation (currentGeneration), granted so far only by the custodian. */
  standbyActive?: boolean;
  pendingMembers: { investigatorId: string; name: string; boxPublicKey: string; generation: number }[];
  /** Administrators who added themselves to the unit: every member is shown who and when. */
  selfAddedAdmins?: { investigatorId: string; name: string; role: 'member' | 'supervisor'; addedAt: string | null }[];
};

export type Keyring = {
  account: Account;
  keys: InvestigatorKeys;
  policy: Policy;
  /** Units switched to their standby key (new wraps go to it: currentUnitKey(policy, unit, standby)). */
  standby: ActivatedStandby;
  units: UnitInfo[];
  /** `${unitId}#${generation}` → the unit's key pair. */
  unitKeys: Map<string, BoxKeyPair>;
  /** Grants that failed to open or did not match the policy key: shown, never used. */
  badGrants: string[];
};

/** Loads the policy and verifies it against the pinned root key; throws PolicyError if it does not verify, is not valid now, or is a rollback. */
export async function loadVerifiedPolicy(): Promise<{ policy: Policy; standby: ActivatedStandby }> {
  if (!__CC_ROOT_PUBLIC_KEY__) throw new Error('no_pinned_root_key');
  const { signed, standby } = await fetchSignedPolicy();
  // Valid now, and not older than the build's policy or one this page already accepted.
  return { policy: pagePolicyGate.verify(signed, __CC_ROOT_PUBLIC_KEY__, new Date()), standby };
}

/** Opens every unit-key grant of the investigator. */
export async function buildKeyring(account: Account, keys: InvestigatorKeys): Promise<Keyring> {
  const { policy, standby } = await loadVerifiedPolicy();
  const { units } = await api.get<{ units: UnitInfo[] }>('/units');
  const unitKeys = new Map<string, BoxKeyPair>();
  const badGrants: string[] = [];
  for (const unit of units) {
    for (const g of unit.grants) {
      const key = unitKeyByGeneration(policy, unit.unitId, g.generation);
      try {
        if (!key) throw new Error('not in policy');
        unitKeys.set(`${unit.unitId}#${g.generation}`, openUnitKeyGrant(g.grant, keys.box, fromB64u(key.publicKey, 32)));
      } catch {
        badGrants.push(`${unit.unitId}#${g.generation}`);
      }
    }
  }
  return { account, keys, policy, standby, units, unitKeys, badGrants };
}

/** A short fingerprint of a public key, to compare out of band before granting a unit key. */
export function fingerprint(publicKey: Uint8Array | string): string {
  return (keyIdOf(publicKey).replace(/[-_]/g, '').toUpperCase().match(/.{4}/g) ?? []).slice(0, 4).join(' ');
}

/** Overwrites secret key bytes before dropping them (best effort in JavaScript). */
export function wipeKeyring(k: Keyring | undefined) {
  if (!k) return;
  k.keys.box.secretKey.fill(0);
  k.keys.sign.secretKey.fill(0);
  for (const pair of k.unitKeys.values()) pair.secretKey.fill(0);
  k.unitKeys.clear();
}
