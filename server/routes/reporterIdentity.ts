import { Router } from 'express';
import type { PolicyStore } from '../policy/policyStore';
import type { CaseChangeListener } from '../inbox/caseChanges';
import { caseAuth } from '../middlewares/caseAuth';
import { parseInput } from '../schemas/common';
import { RewardClaimRequest } from '../schemas/rewardClaimSchema';
import { giveIdentityConsent } from '../commands/identityConsent';
import { sendRewardClaim } from '../commands/rewardClaims';

/**
 * The reporter's own decisions about their person (docs/reporter.md): consenting to the reveal
 * of their identity, and sending a reward claim to the case. Authenticated like every case call
 * (`Authorization: Case <token>.<authSecret>`), no cookies.
 */
export function reporterIdentityRouter(deps: { policies: PolicyStore; inbox: CaseChangeListener }) {
  const router = Router();

  router.post('/api/reports/identity-consent', caseAuth, async (_req, res) => {
    const consent = await giveIdentityConsent(deps.policies, res.locals.caseId);
    await deps.inbox.caseChanged(res.locals.caseId);
    res.json(consent);
  });

  router.post('/api/reports/reward-claims', caseAuth, async (req, res) => {
    const { claim } = parseInput(RewardClaimRequest, req.body);
    const recorded = await sendRewardClaim(deps.policies, res.locals.caseId, claim);
    await deps.inbox.caseChanged(res.locals.caseId);
    // The claim's own text is the reporter's; the answer only confirms.
    res.status(201).json({ recorded: true, keyRegisteredLate: recorded.keyRegisteredLate });
  });

  return router;
}
