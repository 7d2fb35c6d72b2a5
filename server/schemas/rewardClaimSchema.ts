import { z } from 'zod';
import { b64u } from './common';

/** A reward claim's shape (core/crypto/rewardClaim.ts); its signature is checked by the command. */
export const RewardClaimSchema = z.strictObject({
  statement: z.strictObject({
    format: z.literal('cc-reward-claim/1'),
    deploymentId: z.string().min(1).max(64),
    caseRef: b64u(22),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    claimant: z.string().max(200),
  }),
  publicKey: b64u(43),
  signature: b64u(86),
});

export const RewardClaimRequest = z.strictObject({ claim: RewardClaimSchema });
