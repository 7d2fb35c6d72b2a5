import { Router } from 'express';
import type { Env } from '../../config/env';
import type { PolicyStore } from '../../policy/policyStore';
import type { QueueFactory } from '../../queues/queueFactory';
import type { Logger } from '../../logger';
import { notifyAssigned } from '../../commands/console/caseNotifier';
import { parseInput } from '../../schemas/common';
import { requireSession } from '../../middlewares/sessionAuth';
import { openAttachmentStream } from '../../commands/attachmentUploader';
import { readInbox } from '../../commands/console/inboxReader';
import { attachmentForMember, readCaseForMember, revealIdentity } from '../../commands/console/caseReader';
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
import { caseForMember } from '../../commands/console/caseAccess';
import { readAuditTrail } from '../../commands/console/auditReader';
import {
  AssignRequest,
  AttachmentParams,
  CaseParams,
  DeclineRequest,
  ExtendRequest,
  InboxQuery,
  LabelsRequest,
  NoteRequest,
  ReplyRequest,
  StatusChangeRequest,
  TransferRequest,
} from './caseSchemas';

export type ConsoleCasesDeps = { env: Env; policies: PolicyStore; queues: QueueFactory; logger: Logger };

/**
 * Case work for members of the case's unit (docs/console.md §Cases). Every handler: validate →
 * session → command (which checks unit membership: a case of another unit is a 404) → present.
 * Content stays sealed: the browser decrypts and encrypts.
 */
export function consoleCasesRouter({ policies, queues, logger }: ConsoleCasesDeps) {
  const router = Router();
  const deps = { policies };
  router.use(requireSession());
  const me = (res: { locals: Record<string, any> }) => res.locals.investigator.id as string;
  const caseId = (req: { params: unknown }) => parseInput(CaseParams, req.params).id;

  router.get('/', async (req, res) => {
    res.json(await readInbox(me(res), parseInput(InboxQuery, req.query)));
  });

  router.get('/:id', async (req, res) => {
    res.json(await readCaseForMember(caseId(req), me(res)));
  });

  router.post('/:id/identity/reveal', async (req, res) => {
    res.json(await revealIdentity(caseId(req), me(res)));
  });

  router.get('/:id/attachments/:fileId', async (req, res) => {
    const { id, fileId } = parseInput(AttachmentParams, req.params);
    const file = await attachmentForMember(id, fileId, me(res));
    res.setHeader('Content-Type', 'application/octet-stream');
    res.setHeader('Content-Length', String(file.size));
    const stream = openAttachmentStream(fileId);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  });

  router.post('/:id/acknowledge', async (req, res) => {
    res.json(await acknowledgeCase(deps, caseId(req), me(res)));
  });

  router.post('/:id/status', async (req, res) => {
    res.json(await changeStatus(deps, caseId(req), me(res), parseInput(StatusChangeRequest, req.body)));
  });

  router.post('/:id/messages', async (req, res) => {
    const { messageId, sealed } = parseInput(ReplyRequest, req.body);
    res.status(201).json(await postReply(deps, caseId(req), me(res), messageId, sealed));
  });

  router.post('/:id/notes', async (req, res) => {
    res.status(201).json(await postNote(deps, caseId(req), me(res), parseInput(NoteRequest, req.body)));
  });

  const tellAssignee = (id: string) => void notifyAssigned(queues, logger, id);

  router.post('/:id/assign', async (req, res) => {
    const id = caseId(req);
    res.json(await assignCase(id, me(res), parseInput(AssignRequest, req.body).assigneeId));
    tellAssignee(id);
  });

  router.post('/:id/transfer', async (req, res) => {
    const id = caseId(req);
    res.json(await transferCase(deps, id, me(res), parseInput(TransferRequest, req.body)));
    tellAssignee(id);
  });

  router.post('/:id/decline', async (req, res) => {
    const id = caseId(req);
    res.json(await declineCase(deps, id, me(res), parseInput(DeclineRequest, req.body).reason));
    tellAssignee(id);
  });

  router.post('/:id/recuse', async (req, res) => {
    res.json(await recuseFromCase(caseId(req), me(res)));
  });

  router.put('/:id/labels', async (req, res) => {
    res.json(await setLabels(caseId(req), me(res), parseInput(LabelsRequest, req.body).labels));
  });

  router.post('/:id/extend', async (req, res) => {
    const { days, template } = parseInput(ExtendRequest, req.body);
    res.json(await extendDeadline(deps, caseId(req), me(res), days, template));
  });

  router.get('/:id/audit', async (req, res) => {
    const id = caseId(req);
    await caseForMember(id, me(res), { supervisor: true });
    res.json(await readAuditTrail(`case:${id}`));
  });

  return router;
}
