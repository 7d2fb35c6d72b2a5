import { z } from 'zod';
import { b64u } from '../../schemas/common';
import type { UnitKeyGrant } from '../../commands/console/unitKeyGranter';
import { Username } from './authSchemas';

export const UnitIdSchema = z.string().min(3).max(64).regex(/^[a-z][a-z0-9_]*@[A-Z]{2}(-[A-Z0-9]{1,3})?$/, 'expected a unit id such as aca@KZ-75');
export const UnitParams = z.strictObject({ unitId: UnitIdSchema });
const AccountId = b64u(16, 32);

/** A core/crypto KeyWrap of purpose 'unit-key' (grantUnitKey). */
export const UnitKeyGrantSchema = z.strictObject({
  v: z.literal(1),
  alg: z.literal('x25519-sealedbox'),
  purpose: z.literal('unit-key'),
  recipientKeyId: b64u(22),
  sealed: b64u(110),
}) as unknown as z.ZodType<UnitKeyGrant>;

export const MemberGrantRequest = z.strictObject({ investigatorId: AccountId, generation: z.number().int().min(1).max(100_000), grant: UnitKeyGrantSchema });

/** Mark my notifications read: some by id (those shown), or all of them. */
export const NotificationsReadRequest = z.union([
  z.strictObject({ ids: z.array(z.string().regex(/^n[A-Za-z0-9_-]{8,40}$/, 'expected a notification id')).min(1).max(100) }),
  z.strictObject({ all: z.literal(true) }),
]);

/** The keys CLI's `grant` output (cc-unit-key-grant/1), uploaded by an administrator for a member. */
export const CustodianGrantRequest = z.object({
  format: z.literal('cc-unit-key-grant/1'),
  unitId: UnitIdSchema,
  generation: z.number().int().min(1).max(100_000),
  unitPublicKey: b64u(43),
  recipientKeyId: b64u(22),
  grant: UnitKeyGrantSchema,
});

export const AccountParams = z.strictObject({ id: AccountId });
export const MembershipParams = z.strictObject({ id: AccountId });
export const InviteAccountRequest = z.strictObject({
  username: Username,
  displayName: z.string().trim().min(1).max(100),
  role: z.enum(['investigator', 'supervisor', 'admin']),
});
export const AddMemberRequest = z.strictObject({ investigatorId: AccountId, unitId: UnitIdSchema, role: z.enum(['member', 'supervisor']) });
export const PolicyUploadRequest = z.strictObject({ signed: z.unknown() });
