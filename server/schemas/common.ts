import { z } from 'zod';
import { envelopeShapeProblem } from '../../core/crypto/aead';
import { invalid } from '../../core/errors';

/** A base64url string (no padding) of a length range; the server never decodes what it stores. */
export const b64u = (min: number, max = min) =>
  z.string().min(min).max(max).regex(/^[A-Za-z0-9_-]+$/, 'expected base64url');

/** 32 bytes, base64url: keys, tokens, verifiers. */
export const Key32 = b64u(43);

/**
 * An AEAD envelope from core/crypto: its shape is checked (version, algorithm, nonce size,
 * ciphertext a whole number of padding blocks), its content never.
 */
export const sealedEnvelope = (maxCiphertextChars: number, padBlock: number | null) =>
  z
    .strictObject({ v: z.number(), alg: z.string().max(40), nonce: z.string().max(64), ct: z.string().max(maxCiphertextChars) })
    .superRefine((value, ctx) => {
      const problem = envelopeShapeProblem(value, padBlock);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });

/** A core/crypto KeyWrap: a 32-byte key sealed (crypto_box_seal) to one X25519 public key. */
export const KeyWrapSchema = (purpose: 'dek' | 'identity' | 'notes') =>
  z.strictObject({
    v: z.literal(1),
    alg: z.literal('x25519-sealedbox'),
    purpose: z.literal(purpose),
    recipientKeyId: b64u(22),
    sealed: b64u(110),
  });

/** A wrap addressed to one unit key generation of the signed policy. */
export const UnitWrapSchema = (purpose: 'dek' | 'identity' | 'notes') =>
  z.strictObject({
    unitId: z.string().min(3).max(64).regex(/^[a-z][a-z0-9_]*@[A-Z]{2}(-[A-Z0-9]{1,3})?$/, 'expected a unit id such as aca@KZ-75'),
    generation: z.number().int().min(1).max(100_000),
    wrap: KeyWrapSchema(purpose),
  });
export type UnitWrap = z.infer<ReturnType<typeof UnitWrapSchema>>;

/**
 * Parses input with a schema or throws a 400 naming the fields at fault (paths and reasons
 * only: never the submitted values, which may be secret).
 */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown, code = 'invalid_input'): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const where = result.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
    .join('; ');
  throw invalid(code, `The request is not valid: ${where}`);
}
