import { Router } from 'express';
import type { PolicyStore } from '../../policy/policyStore';
import { parseInput } from '../../schemas/common';
import { requireSession } from '../../middlewares/sessionAuth';
import { Notification } from '../../models/Notification';
import { readMyUnits } from '../../commands/console/unitOverview';
import { grantByMember } from '../../commands/console/unitKeyGranter';
import { recusedCaseIds, unitAccess } from '../../commands/console/caseAccess';
import { readUnitWorkload } from '../../commands/console/unitWorkload';
import { readAuditTrail } from '../../commands/console/auditReader';
import { readPolicyExpiry } from '../../commands/console/policyExpiryReader';
import { MemberGrantRequest, NotificationsReadRequest, UnitParams } from './unitSchemas';

/**
 * The investigator's units: key grants and pending members (any key holder grants), and the
 * supervisor views (workload, overdue cases, the unit's audit trail with chain verification),
 * which administrators may also read: they hold counts and ids, never case content.
 */
export function consoleUnitsRouter({ policies }: { policies: PolicyStore }) {
  const router = Router();
  router.use(requireSession());

  router.get('/units', async (_req, res) => {
    res.json(await readMyUnits(policies, res.locals.investigator.id));
  });

  router.post('/units/:unitId/grants', async (req, res) => {
    const { unitId } = parseInput(UnitParams, req.params);
    const { investigatorId, generation, grant } = parseInput(MemberGrantRequest, req.body);
    res.status(201).json(await grantByMember(policies, unitId, res.locals.investigator.id, investigatorId, generation, grant));
  });

  router.get('/units/:unitId/workload', async (req, res) => {
    const { unitId } = parseInput(UnitParams, req.params);
    await unitAccess(unitId, res.locals.investigator, { supervisor: true, admin: true });
    res.json(await readUnitWorkload(unitId, res.locals.investigator.id));
  });

  router.get('/units/:unitId/audit', async (req, res) => {
    const { unitId } = parseInput(UnitParams, req.params);
    await unitAccess(unitId, res.locals.investigator, { supervisor: true, admin: true });
    res.json(await readAuditTrail(`unit:${unitId}`, 500, { hideCases: await recusedCaseIds(res.locals.investigator.id) }));
  });

  // The expiry banner (90/30/7 days before the policy or its calendar runs out; docs/console.md).
  router.get('/policy-expiry', async (_req, res) => {
    res.json(await readPolicyExpiry(policies, res.locals.investigator));
  });

  router.get('/notifications', async (_req, res) => {
    const items = await Notification.find({ investigatorId: res.locals.investigator.id }, { _id: 1, kind: 1, caseId: 1, caseRef: 1, read: 1, createdAt: 1 })
      .sort({ createdAt: -1 })
      .limit(100)
      .lean();
    res.json({ items });
  });

  // Only the caller's own notifications: someone else's id simply matches nothing.
  router.post('/notifications/read', async (req, res) => {
    const input = parseInput(NotificationsReadRequest, req.body);
    const filter = { investigatorId: res.locals.investigator.id, read: false, ...('ids' in input ? { _id: { $in: input.ids } } : {}) };
    const { modifiedCount } = await Notification.updateMany(filter, { $set: { read: true } });
    res.json({ marked: modifiedCount });
  });

  return router;
}
