import { z } from 'zod';
import { b64u, Key32, sealedEnvelope, UnitWrapSchema } from './common';
import { RoutingMetadataSchema } from '../../core/routing/types';
import { PAD_MAX_CHARS, PAD_PATTERN } from '../../core/submission/padding';

/** 4 KiB padding buckets (core/crypto ENVELOPE_PAD_BLOCK) up to 256 KiB of report text. */
const BODY_MAX_CT_CHARS = Math.ceil(((256 * 1024 + 16) * 4) / 3) + 4;
const MESSAGE_MAX_CT_CHARS = Math.ceil(((64 * 1024 + 16) * 4) / 3) + 4;

/** `challengeId`: the signed challenge token (server/commands/proofOfWork.ts); any length up to 128 reaches the check, so a forged one is told `pow_unknown`. */
export const ProofOfWorkSchema = z.strictObject({ challengeId: b64u(16, 128), nonce: b64u(11) });


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

export const PowChallengeRequestSchema = z.strictObject({ purpose: z.enum(['submit', 'status', 'message']) });

export const StatusRequestSchema = z.strictObject({ caseToken: Key32, authSecret: Key32, pow: ProofOfWorkSchema });

/** A reporter's message: each one behind its own proof of work (purpose 'message'; issue 13). */
export const ReporterMessageSchema = z.strictObject({ messageId: b64u(16, 32), sealed: sealedEnvelope(MESSAGE_MAX_CT_CHARS, 4096), pow: ProofOfWorkSchema });

/** Older messages of the thread: the page that ends just before message `before` (docs/api.md). */
export const ThreadPageQuerySchema = z.strictObject({ before: z.coerce.number().int().min(1).max(10_000_000) });

/** Starting an upload: ciphertext size, chunk count, the content id bound into the file's AD, and its sealed metadata (name, type). */
export const UploadStartSchema = z.strictObject({
  size: z.number().int().min(1),
  chunkCount: z.number().int().min(1).max(100_000),
  contentId: b64u(16, 32),
  meta: sealedEnvelope(MESSAGE_MAX_CT_CHARS, 4096),
});
export type UploadStart = z.infer<typeof UploadStartSchema>;
