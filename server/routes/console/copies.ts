import { Router } from 'express';
import { parseInput } from '../../schemas/common';
import { requireSession } from '../../middlewares/sessionAuth';
import { listCopies, readCopy } from '../../commands/console/caseCopies';
import { CaseParams } from './caseSchemas';

/**
 * Read-only copies for notified units (docs/console.md §Copies): validate → session → command
 * (which checks that one of my units holds the copy: else 404 `copy_not_found`) → present.
 */
export function consoleCopiesRouter() {
  const router = Router();
  router.use(requireSession());
  const me = (res: { locals: Record<string, any> }) => res.locals.investigator.id as string;

  router.get('/', async (_req, res) => {
    res.json(await listCopies(me(res)));
  });

  router.get('/:id', async (req, res) => {
    res.json(await readCopy(parseInput(CaseParams, req.params).id, me(res)));
  });
  return router;
}
