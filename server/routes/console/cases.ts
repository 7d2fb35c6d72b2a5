import { Router } from 'express';
import type { Env } from '../../config/env';
import type { PolicyStore } from '../../policy/policyStore';
import type { QueueFactory } from '../../queues/queueFactory';
import type { Logger } from '../../logger';
import type { InboxIndex } from '../../inbox/inboxIndex';
import { notifyAssigned } from '../../commands/console/caseNotifier';
import { parseInput } from '../../schemas/common';
import { requireSession } from '../../middlewares/sessionAuth';
import { openAttachmentStream } from '../../commands/attachmentUploader';
import { readInbox } from '../../commands/console/inboxReader';
import { attachmentForMember, readCaseForMember, readOlderMessagesForMember } from '../../commands/console/caseReader';
import { ThreadPageQuerySchema } from '../../schemas/reportSchemas';
import { acknowledgeCase } from '../../commands/console/caseAcknowledger';
import { changeStatus } from '../../commands/console/statusChanger';
import { postReply } from '../../commands/console/replyPoster';
import { postNote } from '../../commands/console/notePoster';
import { assignCase } from '../../commands/console/caseAssigner';
import { transferCase } from '../../commands/console/caseTransferrer';
import { declineCase } from '../../commands/console/caseDecliner';
import { recuseFromCase } from '../../commands/console/caseRecuser';
import { setLabels } from '../../commands/console/labelSetter';
import { extendDeadline } from '../../commands/console/deadlineExtender';
import { recordCriminalSigns } from '../../commands/console/criminalSignsRecorder';
import { caseForMember } from '../../commands/console/caseAccess';
import { readAuditTrail } from '../../commands/console/auditReader';
import {
  AssignRequest,
  AttachmentParams,
  CaseParams,
  DeclineRequest,
  ExtendRequest,
  CriminalSignsRequest,
  InboxQuery,
  LabelsRequest,
  NoteRequest,
  ReplyRequest,
  StatusChangeRequest,
  TransferRequest,
} from './caseSchemas';

export type ConsoleCasesDeps = { env: Env; policies: PolicyStore; queues: QueueFactory; logger: Logger; inbox: InboxIndex };

/**
 * Case work for members of the case's unit (docs/console.md §Cases). Every handler: validate →
 * session → command (which checks unit membership: a case of another unit is a 404) → present.
 * Content stays sealed: the browser decrypts and encrypts. Every handler that changes a case
 * refreshes its inbox row before answering (`changed`), so the investigator's next inbox page
 * shows the change, and other API processes are told.
 */
export function consoleCasesRouter({ policies, queues, logger, inbox }: ConsoleCasesDeps) {
  const router = Router();
  const deps = { policies };
  router.use(requireSession());
  const me = (res: { locals: Record<string, any> }) => res.locals.investigator.id as string;
  const caseId = (req: { params: unknown }) => parseInput(CaseParams, req.params).id;
  const changed = async <T>(id: string, result: T): Promise<T> => {
    await inbox.caseChanged(id);
    return result;
  };

  router.get('/', async (req, res) => {
    res.json(await readInbox(inbox, me(res), parseInput(InboxQuery, req.query)));
  });

  router.get('/:id', async (req, res) => {
    res.json(await readCaseForMember(caseId(req), me(res)));
  });

  router.get('/:id/attachments/:fileId', async (req, res) => {
    const { id, fileId } = parseInput(AttachmentParams, req.params);
    const file = await attachmentForMember(id, fileId, me(res));
    res.setHeader('Content-Type', 'application/octet-stream');
    // Ciphertext for the console's fetch(); should the address ever be opened directly, the
    // browser saves it instead of rendering it (no name: the server never knows file names).
    res.setHeader('Content-Disposition', 'attachment');
    res.setHeader('Content-Length', String(file.size));
    const stream = openAttachmentStream(fileId);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  });

  router.post('/:id/acknowledge', async (req, res) => {
    const id = caseId(req);
    res.json(await changed(id, await acknowledgeCase(deps, id, me(res))));
  });

  router.post('/:id/status', async (req, res) => {
    const id = caseId(req);
    res.json(await changed(id, await changeStatus(deps, id, me(res), parseInput(StatusChangeRequest, req.body))));
  });

  // Older messages of the thread, a page at a time (the case answer carries the newest page).
  router.get('/:id/messages', async (req, res) => {
    const { before } = parseInput(ThreadPageQuerySchema, req.query);
    res.json(await readOlderMessagesForMember(caseId(req), me(res), before));
  });

  router.post('/:id/messages', async (req, res) => {
    const { messageId, sealed } = parseInput(ReplyRequest, req.body);
    const id = caseId(req);
    res.status(201).json(await changed(id, await postReply(deps, id, me(res), messageId, sealed)));
  });

  router.post('/:id/notes', async (req, res) => {
    res.status(201).json(await postNote(deps, caseId(req), me(res), parseInput(NoteRequest, req.body)));
  });

  const tellAssignee = (id: string) => void notifyAssigned(queues, logger, id);

  router.post('/:id/assign', async (req, res) => {
    const id = caseId(req);
    res.json(await changed(id, await assignCase(id, me(res), parseInput(AssignRequest, req.body).assigneeId)));
    tellAssignee(id);
  });

  router.post('/:id/transfer', async (req, res) => {
    const id = caseId(req);
    res.json(await changed(id, await transferCase(deps, id, me(res), parseInput(TransferRequest, req.body))));
    tellAssignee(id);
  });

  router.post('/:id/decline', async (req, res) => {
    const id = caseId(req);
    res.json(await changed(id, await declineCase(deps, id, me(res), parseInput(DeclineRequest, req.body).reason)));
    tellAssignee(id);
  });

  router.post('/:id/recuse', async (req, res) => {
    const id = caseId(req);
    res.json(await changed(id, await recuseFromCase(id, me(res))));
  });

  router.put('/:id/labels', async (req, res) => {
    const id = caseId(req);
    res.json(await changed(id, await setLabels(id, me(res), parseInput(LabelsRequest, req.body).labels)));
  });

  router.post('/:id/extend', async (req, res) => {
    const { days, reason } = parseInput(ExtendRequest, req.body);
    const id = caseId(req);
    res.json(await changed(id, await extendDeadline(deps, id, me(res), days, reason)));
  });

  // Starts the criminal-referral clock (policy deadline `criminalReferral`).
  router.post('/:id/criminal-signs', async (req, res) => {
    parseInput(CriminalSignsRequest, req.body ?? {});
    const id = caseId(req);
    res.json(await changed(id, await recordCriminalSigns(deps, id, me(res))));
  });

  router.get('/:id/audit', async (req, res) => {
    const id = caseId(req);
    await caseForMember(id, me(res), { supervisor: true });
    res.json(await readAuditTrail(`case:${id}`));
  });

  return router;
}
