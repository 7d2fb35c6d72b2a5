import { Router } from 'express';
import type { PolicyStore } from '../../policy/policyStore';
import type { InboxIndex } from '../../inbox/inboxIndex';
import { parseInput } from '../../schemas/common';
import { requireSession } from '../../middlewares/sessionAuth';
import { activeMemberships, caseForMember } from '../../commands/console/caseAccess';
import { decideReveal, identityKeyForTransfer, listRevealRequests, releaseIdentity, requestReveal } from '../../commands/console/identityReveal';
import { recordFinalOutcome } from '../../commands/console/finalOutcomeRecorder';
import { findClaimCase, recordRewardClaim } from '../../commands/rewardClaims';
import { RewardClaimRequest } from '../../schemas/rewardClaimSchema';
import { CaseParams } from './caseSchemas';
import { FinalOutcomeRequest, IdentityKeyForTransfer, RevealAsk, RevealDecision, RevealRelease, RevealRequestParams } from './revealSchemas';

/**
 * The identity reveal as a decision, reward claims and the final outcome (docs/console.md
 * §Identity reveal, §Reward claims). Mounted on /api/console/cases. validate → session →
 * command → present; every command checks the member's access to the case itself.
 */
export function consoleRevealRouter({ policies, inbox }: { policies: PolicyStore; inbox: InboxIndex }) {
  const router = Router();
  const deps = { policies };
  router.use(requireSession());
  const me = (res: { locals: Record<string, any> }) => res.locals.investigator.id as string;
  const caseId = (req: { params: unknown }) => parseInput(CaseParams, req.params).id;

  // A claim whose case is not known yet: verify it, and say where the case is (never more).
  router.post('/reward-claims/verify', async (req, res) => {
    const { claim } = parseInput(RewardClaimRequest, req.body);
    const units = (await activeMemberships(me(res))).map((m) => m.unitId);
    res.json(await findClaimCase(policies, claim, units));
  });

  router.get('/:id/identity/requests', async (req, res) => {
    res.json(await listRevealRequests(caseId(req), me(res)));
  });

  router.post('/:id/identity/requests', async (req, res) => {
    const { ground } = parseInput(RevealAsk, req.body);
    res.status(201).json(await requestReveal(deps, caseId(req), me(res), ground));
  });

  router.post('/:id/identity/requests/:requestId/decision', async (req, res) => {
    const { id, requestId } = parseInput(RevealRequestParams, req.params);
    res.json(await decideReveal(id, requestId, me(res), parseInput(RevealDecision, req.body).decision));
  });

  router.post('/:id/identity/reveal', async (req, res) => {
    const { requestId } = parseInput(RevealRelease, req.body ?? {});
    const id = caseId(req);
    const released = await releaseIdentity(deps, id, requestId, me(res));
    await inbox.caseChanged(id);
    res.json(released);
  });

  router.post('/:id/identity/transfer-key', async (req, res) => {
    const { unitId } = parseInput(IdentityKeyForTransfer, req.body);
    res.json(await identityKeyForTransfer(deps, caseId(req), me(res), unitId));
  });

  router.post('/:id/reward-claims', async (req, res) => {
    const id = caseId(req);
    // Membership and key checked as for any case action, then the claim against the case's key.
    const { claim } = parseInput(RewardClaimRequest, req.body);
    await caseForMember(id, me(res));
    res.status(201).json(await recordRewardClaim(policies, id, claim, me(res)));
  });

  router.post('/:id/final-outcome', async (req, res) => {
    const id = caseId(req);
    res.json(await recordFinalOutcome(id, me(res), parseInput(FinalOutcomeRequest, req.body).result));
  });

  return router;
}
