import type { Request, Response, NextFunction } from 'express';
import { verifyCaseAuth } from '../../core/crypto/caseSecrets';
import { notFound } from '../../core/errors';
import { Case } from '../models/Case';
import { caseIdOfToken } from '../infra/caseKeys';

/** A verifier that no auth secret matches, to spend the same work when a token is unknown. */
const DECOY_VERIFIER = 'A'.repeat(43);

/**
 * Authenticates a reporter by `Authorization: Case <caseToken>.<authSecret>` (both derived in
 * the browser from the case code). A wrong secret and an unknown token get the same 404, so the
 * endpoint cannot be used to learn which tokens exist. Sets `res.locals.caseId`.
 */
export async function caseAuth(req: Request, res: Response, next: NextFunction) {
  try {
    const match = /^Case ([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{43})$/.exec(req.get('authorization') ?? '');
    if (!match) throw notFound('case_not_found', 'No case matches this code.');
    res.locals.caseId = await authenticateCase(match[1], match[2]);
    next();
  } catch (err) {
    next(err);
  }
}

/** Returns the case id for a token and auth secret, or throws the uniform 404. */
export async function authenticateCase(caseToken: string, authSecret: string): Promise<string> {
  type Found = { _id: string; authVerifier: string; purgedAt?: Date };
  const fields = { _id: 1, authVerifier: 1, purgedAt: 1 };
  // Only through the token's key document (server/infra/caseKeys.ts; a purged case has none, so
  // its code takes the same path as an unknown one): `_id` lookups only. There is no fallback by
  // `caseToken`: that query scans every case on FerretDB, and any anonymous request could trigger
  // it. Cases stored without a key get one from server/cli/migrateCaseKeys.ts (docs/operations.md).
  const caseId = await caseIdOfToken(caseToken);
  const found = caseId ? await Case.findById(caseId, fields).lean<Found>() : null;
  const ok = verifyCaseAuth(authSecret, found?.authVerifier ?? DECOY_VERIFIER);
  if (!found || !ok || found.purgedAt) throw notFound('case_not_found', 'No case matches this code.');
  return found._id;
}
