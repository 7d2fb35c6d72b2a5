import express, { Router } from 'express';
import { z } from 'zod';
import type { Redis } from 'ioredis';
import type { Env } from '../config/env';
import type { Logger } from '../logger';
import type { PolicyStore } from '../policy/policyStore';
import type { QueueFactory } from '../queues/queueFactory';
import type { CaseChangeListener } from '../inbox/caseChanges';
import { activatedStandby } from '../policy/standby';
import { caseAuth } from '../middlewares/caseAuth';
import { b64u, parseInput } from '../schemas/common';
import { PowChallengeRequestSchema, ReportSubmissionSchema, ReporterMessageSchema, StatusRequestSchema, ThreadPageQuerySchema, UploadStartSchema } from '../schemas/reportSchemas';
import { issuePowChallenge, redeemPowChallenge } from '../commands/proofOfWork';
import { currentPowDifficulty } from '../commands/powDifficulty';
import { powSettings } from '../commands/powConfig';
import { readThreadPage } from '../commands/threadPage';
import { submitReport } from '../commands/reportSubmitter';
import { presentReporterView, readCaseForReporter } from '../commands/caseStatusReader';
import { postMessage } from '../commands/messagePoster';
import { completeUpload, putChunk, startUpload, uploadProgress } from '../commands/attachmentUploader';
import { invalid, notFound } from '../../core/errors';
import { paddedJsonText, SMALL_ANSWER_BYTES, statusAnswerBucket } from '../../core/submission/padding';
import { withTimeout } from '../infra/mongo';

export type ReportsRouterDeps = { env: Env; logger: Logger; redis: Redis; queues: QueueFactory; policies: PolicyStore; inbox: CaseChangeListener };

const UploadParams = z.strictObject({ uploadId: b64u(22) });
const ChunkParams = z.strictObject({ uploadId: b64u(22), index: z.coerce.number().int().min(0).max(100_000) });

/**
 * The anonymous router: everything a reporter's browser calls. No cookies, no sessions; a case
 * is addressed only by values derived from its code, carried in bodies and headers (never URLs).
 * Thin handlers: validate → (auth) → command → present.
 */
export function reportsRouter(deps: ReportsRouterDeps) {
  const { env } = deps;
  const router = Router();
  const limits = { maxFileBytes: env.MAX_FILE_BYTES, maxCaseBytes: env.MAX_CASE_BYTES, maxCaseFiles: env.MAX_CASE_FILES, chunkBytes: env.UPLOAD_CHUNK_BYTES, ttlSeconds: env.UPLOAD_TTL_SECONDS };
  const messageCaps = { maxMessages: env.MAX_CASE_MESSAGES, maxBytes: env.MAX_CASE_MESSAGE_BYTES };

  router.get('/api/policy', async (_req, res) => {
    const { signed, policy } = await deps.policies.current();
    // Upload settings ride along so the browser can size its chunks before it starts an upload.
    // `standby`: units switched to their standby key; the browser seals to it only if the signed policy lists it.
    // `uploads` and `messages` also carry the per-case caps, which the page shows before they are hit.
    res.json({
      signed,
      standby: await activatedStandby(policy),
      uploads: { chunkBytes: env.UPLOAD_CHUNK_BYTES, maxFileBytes: env.MAX_FILE_BYTES, maxCaseBytes: env.MAX_CASE_BYTES, maxCaseFiles: env.MAX_CASE_FILES },
      messages: { maxCaseMessages: env.MAX_CASE_MESSAGES, maxCaseMessageBytes: env.MAX_CASE_MESSAGE_BYTES },
    });
  });

  router.get('/api/policy/:version', async (req, res) => {
    const { version } = parseInput(z.strictObject({ version: z.coerce.number().int().min(1) }), req.params);
    const loaded = await deps.policies.byVersion(version);
    if (!loaded) throw notFound('policy_not_found', `No policy version ${version}.`);
    res.json({ signed: loaded.signed });
  });

  router.post('/api/pow/challenges', async (req, res) => {
    const { purpose } = parseInput(PowChallengeRequestSchema, req.body);
    // Stateless: nothing is written for a challenge until it is redeemed (server/commands/proofOfWork.ts).
    const pow = powSettings(env);
    res.status(201).json(issuePowChallenge(pow.tokens, purpose, await currentPowDifficulty(deps.redis, pow.difficulty, purpose)));
  });

  router.post('/api/reports', async (req, res) => {
    const submission = parseInput(ReportSubmissionSchema, req.body, 'invalid_envelope');
    const result = await submitReport({ policies: deps.policies, redis: deps.redis, queues: deps.queues, queuePrefix: env.QUEUE_PREFIX, logger: deps.logger, pow: powSettings(env).tokens }, submission);
    res.status(result.created ? 201 : 200).json({ status: 'received', receivedAt: result.receivedAt.toISOString() });
  });

  router.post('/api/reports/status', async (req, res) => {
    const { caseToken, authSecret, pow } = parseInput(StatusRequestSchema, req.body);
    await redeemPowChallenge(deps.redis, powSettings(env).tokens, 'status', pow);
    res.type('application/json').send(presentReporterView(await readCaseForReporter(caseToken, authSecret)));
  });

  router.post('/api/reports/messages', caseAuth, async (req, res) => {
    const { messageId, sealed, pow } = parseInput(ReporterMessageSchema, req.body);
    // Each message costs its own proof of work (purpose 'message', cheaper than a submission):
    // a replayed request is refused here and stores nothing; the per-case caps bound the rest.
    await redeemPowChallenge(deps.redis, powSettings(env).tokens, 'message', pow);
    // The last policy's rounding after expiry: a reporter's existing case keeps working.
    const { policy } = await deps.policies.forClocks();
    const posted = await postMessage(res.locals.caseId, 'reporter', messageId, sealed, policy.timeRoundingMinutes, messageCaps);
    await deps.inbox.caseChanged(res.locals.caseId);
    // Tell the unit (best effort, bounded: with Redis down the message is stored all the same).
    const notice = { jobId: `notify-message-${res.locals.caseId}-${posted.seq}`, removeOnComplete: true };
    await withTimeout(deps.queues.enqueue('case.notify', { kind: 'message', caseId: res.locals.caseId }, notice), 2000).catch(() => deps.logger.warn('message notification not queued'));
    // Fixed size: the digits of `seq` would otherwise tell the thread's length on the wire.
    res.status(201).type('application/json').send(paddedJsonText(posted, () => SMALL_ANSWER_BYTES));
  });

  // Older messages of the thread, a page at a time (the status answer carries the newest page).
  router.get('/api/reports/messages', caseAuth, async (req, res) => {
    const { before } = parseInput(ThreadPageQuerySchema, req.query);
    res.type('application/json').send(paddedJsonText(await readThreadPage(res.locals.caseId, before), statusAnswerBucket));
  });

  router.post('/api/reports/uploads', caseAuth, async (req, res) => {
    const start = parseInput(UploadStartSchema, req.body);
    res.status(201).json(await startUpload(res.locals.caseId, start, 'reporter', limits));
  });

  router.put(
    '/api/reports/uploads/:uploadId/chunks/:index',
    caseAuth,
    express.raw({ type: 'application/octet-stream', limit: env.UPLOAD_CHUNK_BYTES }),
    async (req, res) => {
      const { uploadId, index } = parseInput(ChunkParams, req.params);
      if (!Buffer.isBuffer(req.body)) throw invalid('bad_content_type', 'Send chunks as application/octet-stream.');
      res.json(await putChunk(res.locals.caseId, uploadId, index, req.body));
    },
  );

  router.get('/api/reports/uploads/:uploadId', caseAuth, async (req, res) => {
    const { uploadId } = parseInput(UploadParams, req.params);
    res.json(await uploadProgress(res.locals.caseId, uploadId));
  });

  router.post('/api/reports/uploads/:uploadId/complete', caseAuth, async (req, res) => {
    const { uploadId } = parseInput(UploadParams, req.params);
    const { policy } = await deps.policies.forClocks();
    res.json(await completeUpload(res.locals.caseId, uploadId, policy.timeRoundingMinutes));
  });

  return router;
}
