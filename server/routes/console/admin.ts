import { Router } from 'express';
import type { Env } from '../../config/env';
import type { PolicyStore } from '../../policy/policyStore';
import type { CaseChangeListener } from '../../inbox/caseChanges';
import { invalid } from '../../../core/errors';
import { parseInput } from '../../schemas/common';
import { requireSession } from '../../middlewares/sessionAuth';
import { Membership } from '../../models/Membership';
import { UnitState } from '../../models/UnitState';
import { inviteAccount } from '../../commands/console/inviteIssuer';
import { listAccounts, resetAccount, setAccountEnabled } from '../../commands/console/accountManager';
import { addMember, removeMember } from '../../commands/console/membershipManager';
import { storeUnitKeyGrant } from '../../commands/console/unitKeyGranter';
import { uploadPolicy } from '../../commands/console/policyUploader';
import { readAuditTrail } from '../../commands/console/auditReader';
import { engineCapacity } from '../../infra/engineCapacity';
import { AccountParams, AddMemberRequest, CustodianGrantRequest, InviteAccountRequest, MembershipParams, PolicyUploadRequest } from './unitSchemas';

/**
 * Administration (role admin): accounts, unit membership, custodian grants, policy upload.
 * Administrators manage people and keys' paperwork but read no case: case endpoints check unit
 * membership, which an administrator has only if also added to the unit.
 */
export function consoleAdminRouter({ env, policies, inbox }: { env: Env; policies: PolicyStore; inbox: CaseChangeListener }) {
  const router = Router();
  router.use(requireSession({ roles: ['admin'] }));
  const me = (res: { locals: Record<string, any> }) => res.locals.investigator.id as string;

  // The embedded engine's capacity (server/infra/engineCapacity.ts): the page warns near the limit.
  router.get('/engine', async (_req, res) => {
    res.json(await engineCapacity(env.ENGINE_CASE_LIMIT));
  });

  router.get('/accounts', async (_req, res) => {
    const rotations = await UnitState.find({ rotationNeeded: true }).lean();
    res.json({ accounts: await listAccounts(), rotationsNeeded: rotations.map((r) => ({ unitId: r._id, since: r.since, reason: r.reason })) });
  });

  router.post('/accounts', async (req, res) => {
    const account = parseInput(InviteAccountRequest, req.body);
    const { investigatorId, token } = await inviteAccount(account, me(res), env.INVITE_TTL_HOURS);
    // The token goes to the administrator once, to pass on out of band; only its hash is kept.
    res.status(201).json({ investigatorId, inviteToken: token, expiresInHours: env.INVITE_TTL_HOURS });
  });

  router.post('/accounts/:id/disable', async (req, res) => {
    res.json(await setAccountEnabled(me(res), parseInput(AccountParams, req.params).id, false, inbox));
  });

  router.post('/accounts/:id/enable', async (req, res) => {
    res.json(await setAccountEnabled(me(res), parseInput(AccountParams, req.params).id, true, inbox));
  });

  router.post('/accounts/:id/reset', async (req, res) => {
    const { token } = await resetAccount(me(res), parseInput(AccountParams, req.params).id, env.INVITE_TTL_HOURS, inbox);
    res.json({ inviteToken: token, expiresInHours: env.INVITE_TTL_HOURS });
  });

  router.post('/memberships', async (req, res) => {
    const { investigatorId, unitId, role } = parseInput(AddMemberRequest, req.body);
    res.status(201).json(await addMember(policies, me(res), unitId, investigatorId, role));
  });

  router.delete('/memberships/:id', async (req, res) => {
    res.json(await removeMember(policies, me(res), parseInput(MembershipParams, req.params).id, inbox));
  });

  router.post('/memberships/:id/grants', async (req, res) => {
    const { id } = parseInput(MembershipParams, req.params);
    const doc = parseInput(CustodianGrantRequest, req.body);
    const membership = await Membership.findById(id, { unitId: 1, investigatorId: 1 }).lean<{ unitId: string; investigatorId: string }>();
    if (!membership) throw invalid('member_not_found', 'No such membership.');
    if (membership.unitId !== doc.unitId) throw invalid('grant_wrong_unit', `This grant is for ${doc.unitId}, the membership for ${membership.unitId}.`);
    if (doc.grant.recipientKeyId !== doc.recipientKeyId) throw invalid('grant_key_mismatch', 'The grant document is inconsistent.');
    const { policy } = await policies.current();
    const key = policy.units.find((u) => u.id === doc.unitId)?.keys.find((k) => k.generation === doc.generation);
    if (!key || key.publicKey !== doc.unitPublicKey) throw invalid('unknown_unit_key', 'The grant names a unit key that is not in the signed policy.');
    res.status(201).json(await storeUnitKeyGrant(policies, membership, doc.generation, doc.grant, `custodian:${me(res)}`));
  });

  router.post('/policies', async (req, res) => {
    const { signed } = parseInput(PolicyUploadRequest, req.body);
    res.status(201).json(await uploadPolicy(policies, env.ROOT_PUBLIC_KEY, me(res), signed));
  });

  router.get('/audit/:scope', async (req, res) => {
    const scope = String(req.params.scope);
    if (!['accounts', 'policy'].includes(scope)) throw invalid('bad_scope', 'Administrators read the accounts and policy trails here.');
    res.json(await readAuditTrail(scope));
  });

  return router;
}
