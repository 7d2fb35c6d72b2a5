import { z } from 'zod';
import { b64u } from '../../schemas/common';
import { FINAL_OUTCOMES } from '../../commands/console/finalOutcomeRecorder';

const Id = b64u(16, 32);
const UnitId = z.string().min(3).max(64).regex(/^[a-z][a-z0-9_]*@[A-Z]{2}(-[A-Z0-9]{1,3})?$/, 'expected a unit id such as aca@KZ-75');

export const RevealRequestParams = z.strictObject({ id: Id, requestId: Id });
/** The ground is checked against the signed policy's list by the command. */
export const RevealAsk = z.strictObject({ ground: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'expected a ground id of the policy') });
export const RevealDecision = z.strictObject({ decision: z.enum(['approve', 'reject']) });
export const RevealRelease = z.strictObject({ requestId: Id });
export const IdentityKeyForTransfer = z.strictObject({ unitId: UnitId });
export const FinalOutcomeRequest = z.strictObject({ result: z.enum(FINAL_OUTCOMES) });
