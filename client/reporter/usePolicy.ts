import { useCallback, useEffect, useState } from 'preact/hooks';
import { PolicyError, type ActivatedStandby, type Policy } from '../../core/policy';
import { pagePolicyGate } from '../shared/policyGateOfPage';
import { reporterApi, type UploadSettings } from './flow/api';
import { startCrypto, type CryptoBackend } from './flow/cryptoStart';
import { startFailure, type StartFailure } from './flow/errors';

export type PolicyState =
  | { state: 'loading' }
  /** `standby`: units the server switched to their standby key; only keys the signed policy lists as standby are ever used. */
  | { state: 'ok'; policy: Policy; uploads: UploadSettings; standby: ActivatedStandby; backend: CryptoBackend }
  /** The policy did not verify against the pinned root key: nothing may be sent. */
  | { state: 'refused'; reason: string; noKey: boolean }
  /** Encryption cannot start in this browser, or the policy could not be fetched: `cause` says which. */
  | { state: 'unavailable'; cause: StartFailure };

/** Defaults of server/config/env.ts, for a server too old to announce its upload settings. */
const DEFAULT_UPLOADS: UploadSettings = { chunkBytes: 1024 * 1024, maxFileBytes: 100 * 1024 * 1024, maxCaseBytes: 500 * 1024 * 1024 };

/**
 * Fetches the signed policy and verifies it in this page against the root key pinned at build
 * time (__CC_ROOT_PUBLIC_KEY__). Whoever controls the server or database cannot make this page
 * seal a report to a key of their choosing without the offline root key, nor, by replaying an
 * older signed policy, to a key since retired (client/shared/policyGate.ts).
 */
export async function loadVerifiedPolicy(): Promise<PolicyState> {
  const pinned = __CC_ROOT_PUBLIC_KEY__;
  if (!pinned) return { state: 'refused', reason: 'no root key pinned in this build', noKey: true };
  let answer: Awaited<ReturnType<typeof reporterApi.policy>>;
  let backend: CryptoBackend;
  try {
    backend = await startCrypto();
    answer = await reporterApi.policy();
  } catch (err) {
    return { state: 'unavailable', cause: startFailure(err) };
  }
  try {
    // Not older than the build's policy or one this page already accepted (no rollback to retired keys).
    const policy = pagePolicyGate.verify(answer.signed, pinned, new Date());
    // The per-case message caps ride with the upload settings, so the case view can show every cap.
    const uploads = { ...DEFAULT_UPLOADS, ...answer.uploads, ...answer.messages };
    return { state: 'ok', policy, uploads, standby: answer.standby ?? {}, backend };
  } catch (err) {
    const reason = err instanceof PolicyError ? `${err.code}: ${err.message}` : String(err);
    return { state: 'refused', reason, noKey: false };
  }
}

/** The verified policy, and a function that loads and verifies it again (after a policy change). */
export function usePolicy(): [PolicyState, () => Promise<PolicyState>] {
  const [state, setState] = useState<PolicyState>({ state: 'loading' });
  const reload = useCallback(async () => {
    const next = await loadVerifiedPolicy();
    setState(next);
    return next;
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  return [state, reload];
}
