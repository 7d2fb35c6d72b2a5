import { z } from 'zod';
import type { Envelope } from '../../../core/crypto';
import { Key32, b64u, sealedEnvelope } from '../../schemas/common';

/** User names: lower-case letters, digits, dot, dash, underscore (no look-alike Unicode). */
export const Username = z.string().min(3).max(64).regex(/^[a-z0-9][a-z0-9._-]*$/, 'expected lower-case letters, digits, ".", "-" or "_"');
const TotpCode = z.string().regex(/^\d{6}$/, 'expected six digits');
const Salt = b64u(22);
const Token = b64u(43);
// 64 secret bytes + 16-byte tag = 80 bytes = 107 base64url characters; no padding block.
// The refinement checks v and alg, so the parsed value is a core/crypto Envelope.
export const LockedEnvelope = sealedEnvelope(120, null) as unknown as z.ZodType<Envelope>;

export const LockedKeysSchema = z.strictObject({
  v: z.literal(1),
  boxPublicKey: Key32,
  signPublicKey: Key32,
  byPassword: LockedEnvelope,
  byRecovery: LockedEnvelope,
});

export const SaltRequest = z.strictObject({ username: Username });
export const LoginRequest = z.strictObject({ username: Username, authKey: Key32, totp: TotpCode });
export const InviteRequest = z.strictObject({ token: Token });
export const ActivateRequest = z.strictObject({ token: Token, authSalt: Salt, authKey: Key32, keys: LockedKeysSchema, totp: TotpCode });
const NewPasswordSchema = z.strictObject({ authSalt: Salt, authKey: Key32, byPassword: LockedEnvelope });
export const PasswordChangeRequest = z.strictObject({ currentAuthKey: Key32, next: NewPasswordSchema });
export const RecoverStartRequest = z.strictObject({ username: Username, totp: TotpCode });
export const RecoverFinishRequest = z.strictObject({ username: Username, challenge: Token, signature: b64u(86), next: NewPasswordSchema });
