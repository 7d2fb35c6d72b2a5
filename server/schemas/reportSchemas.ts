import { z } from 'zod';
import { b64u, Key32, sealedEnvelope, UnitWrapSchema } from './common';
import { RoutingMetadataSchema } from '../../core/routing/types';
import { PAD_MAX_CHARS, PAD_PATTERN } from '../../core/submission/padding';

/** 4 KiB padding buckets (core/crypto ENVELOPE_PAD_BLOCK) up to 256 KiB of report text. */
const BODY_MAX_CT_CHARS = Math.ceil(((256 * 1024 + 16) * 4) / 3) + 4;
const MESSAGE_MAX_CT_CHARS = Math.ceil(((64 * 1024 + 16) * 4) / 3) + 4;

export const ProofOfWorkSchema = z.strictObject({ challengeId: b64u(22), nonce: b64u(11) });


/** POST /api/reports: the encrypted report as the browser built it (docs/api.md). */
export const ReportSubmissionSchema = z.strictObject({
  v: z.literal(1),
  policyVersion: z.number().int().min(1),
  caseToken: Key32,
  authVerifier: Key32,
  reporterPublicKey: Key32,
  /** Ed25519 public key of reward claims (core/crypto/rewardClaim.ts); optional for pages built before it. */
  reporterSigningKey: Key32.optional(),
  /** Shape here; checked against the signed policy version in the command. */
  routing: RoutingMetadataSchema,
  body: sealedEnvelope(BODY_MAX_CT_CHARS, 4096),
  wraps: z.array(UnitWrapSchema('dek')).min(1).max(16),
  identity: z.strictObject({ sealed: sealedEnvelope(MESSAGE_MAX_CT_CHARS, 4096), wraps: z.array(UnitWrapSchema('identity')).min(1).max(16) }).optional(),
  attachments: z.number().int().min(0).max(20),
  pow: ProofOfWorkSchema,
  /** Length padding (core/submission/padding.ts): accepted, never checked further, never stored. */
  pad: z.string().max(PAD_MAX_CHARS).regex(PAD_PATTERN, 'expected base64url letters').optional(),
});
export type ReportSubmission = z.infer<typeof ReportSubmissionSchema>;

export const PowChallengeRequestSchema = z.strictObject({ purpose: z.enum(['submit', 'status']) });

export const StatusRequestSchema = z.strictObject({ caseToken: Key32, authSecret: Key32, pow: ProofOfWorkSchema });

export const ReporterMessageSchema = z.strictObject({ messageId: b64u(16, 32), sealed: sealedEnvelope(MESSAGE_MAX_CT_CHARS, 4096) });

/** Starting an upload: ciphertext size, chunk count, the content id bound into the file's AD, and its sealed metadata (name, type). */
export const UploadStartSchema = z.strictObject({
  size: z.number().int().min(1),
  chunkCount: z.number().int().min(1).max(100_000),
  contentId: b64u(16, 32),
  meta: sealedEnvelope(MESSAGE_MAX_CT_CHARS, 4096),
});
export type UploadStart = z.infer<typeof UploadStartSchema>;
