import { createPolicyGate } from './policyGate';

/**
 * This page's policy gate: its floor starts at the policy version the client was built with
 * (__CC_MIN_POLICY_VERSION__, client/build/minPolicyVersion.mts) and rises with every policy the
 * page accepts. The reporter portal and the console each load their own copy (separate pages).
 */
export const pagePolicyGate = createPolicyGate(__CC_MIN_POLICY_VERSION__);
