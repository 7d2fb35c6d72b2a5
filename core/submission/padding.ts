/**
 * Sizes say nothing (docs/crypto.md §8a "Sizes"). Two JSON texts cross the network whose length
 * would otherwise tell an observer of the encrypted connection (or a proxy's access log) more
 * than the documented buckets:
 * - the submission the browser posts: confidential mode adds an identity envelope and wraps,
 *   and every candidate unit adds a wrap. It is padded, with a `pad` field, to a length that
 *   depends only on the body's ciphertext bucket (and on an identity longer than one block);
 * - the reporter's status answer: every message adds an envelope. It is padded to a bucket.
 * The filler is pseudo-random base64url: TLS and Tor do not compress, but a proxy configured to
 * gzip JSON would shrink a constant filler to nothing and give the sizes back.
 */
import { randomBytes } from '../crypto/kdf';
import type { Policy } from '../policy';

/** The submission's length is a multiple of this (in bytes of its JSON text, before `pow`). */
export const SUBMISSION_PAD_STEP = 4096;
/**
 * The most wraps one list (the DEK wraps, the identity wraps) may hold: the intake's schema
 * limit (server/schemas/reportSchemas.ts). The padding assumes this many in each list, so the
 * size depends neither on the candidate set nor on the policy's rules.
 */
export const MAX_WRAPS_PER_LIST = 16;
/** The largest `pad` the intake accepts; more than any policy within the schema limits needs. */
export const PAD_MAX_CHARS = 32 * 1024;
/** What a `pad` may contain: base64url letters. */
export const PAD_PATTERN = /^[A-Za-z0-9_-]*$/;
/** Small reporter answers whose numbers grow with the thread (`{ seq }`) all take this many bytes. */
export const SMALL_ANSWER_BYTES = 64;
/** Status answers: 64, 128, 256, 512 KiB, 1 MiB, then whole MiB. */
export const STATUS_FIRST_BUCKET = 64 * 1024;
const MIB = 1024 * 1024;
/** Generation numbers are at most 100 000 (six digits) in the intake schema. */
const WIDEST_GENERATION = 100_000;

type Envelope = { v: number; alg: string; nonce: string; ct: string };
type UnitWrap = { unitId: string; generation: number; wrap: Record<string, unknown> };

const byteLength = (text: string) => new TextEncoder().encode(text).length;
const longest = (ids: readonly string[]) => ids.reduce((a, b) => (b.length > a.length ? b : a), '');
const roundUp = (n: number, step: number) => Math.ceil(n / step) * step;

const B64URL = new TextEncoder().encode('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_');

/**
 * n base64url characters no compressor can shrink: xorshift32 seeded with 4 random bytes. The
 * filler need not be secret, only incompressible; drawing it all from libsodium's randombytes
 * costs ~8 µs per byte in Node (120 ms for a 15 KB pad), too slow for every status answer.
 */
function filler(n: number): string {
  const seed = randomBytes(4);
  let x = (seed[0] | (seed[1] << 8) | (seed[2] << 16) | (seed[3] << 24)) >>> 0 || 1;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = B64URL[x >>> 26];
  }
  return new TextDecoder().decode(out);
}

/** Characters of the base64url (no padding) text of n bytes. */
const base64urlChars = (n: number) => Math.floor(n / 3) * 4 + [0, 2, 3][n % 3];
/** The ciphertext text of the smallest envelope: one 4 KiB padding block plus the 16-byte tag. */
export const ONE_BLOCK_CT_CHARS = base64urlChars(4096 + 16);

/** The routing choices with every field at its longest value in the policy, and every flag ticked. */
function widestRouting(policy: Policy, actual: Record<string, unknown>): Record<string, unknown> {
  const inputs = policy.routingInputs;
  return {
    ...actual,
    category: longest(policy.categories.map((c) => c.id)),
    ...(policy.sectors?.length ? { sector: longest(policy.sectors.map((s) => s.id)) } : {}),
    region: longest([...policy.regions.map((r) => r.code), policy.nationalRegion, 'unknown']),
    seniority: longest(inputs.seniority.options.map((o) => o.id)),
    amount: longest(inputs.amount.options.map((o) => o.id)),
    flags: inputs.flags.options.map((o) => o.id),
  };
}

/** A wrap of the given purpose to the policy's longest unit id, at the largest generation. */
function widestWrap(policy: Policy, sample: UnitWrap, purpose: string): UnitWrap {
  return { ...sample, unitId: longest(policy.units.map((u) => u.id)), generation: WIDEST_GENERATION, wrap: { ...sample.wrap, purpose } };
}

/**
 * An upper bound on the JSON length of any submission under this policy with the same body
 * ciphertext: the same object with routing at its widest, MAX_WRAPS_PER_LIST wraps in each list,
 * 20 attachments, and an identity (real, or a one-block stand-in) with its wraps. Fields this
 * function does not know are counted at their actual length.
 */
export function submissionLengthBound(policy: Policy, submission: Record<string, unknown>): number {
  const body = submission.body as Envelope;
  const wraps = submission.wraps as UnitWrap[];
  const identity = submission.identity as { sealed: Envelope; wraps: UnitWrap[] } | undefined;
  const identityCtChars = Math.max(identity?.sealed.ct.length ?? 0, ONE_BLOCK_CT_CHARS);
  const list = (purpose: string, count: number) => Array.from({ length: Math.max(MAX_WRAPS_PER_LIST, count) }, () => widestWrap(policy, wraps[0], purpose));
  const widened = {
    ...submission,
    routing: widestRouting(policy, submission.routing as Record<string, unknown>),
    wraps: list('dek', wraps.length),
    attachments: 20,
    identity: { ...identity, sealed: { ...body, ct: 'A'.repeat(identityCtChars) }, wraps: list('identity', identity?.wraps.length ?? 0) },
    pad: '',
  };
  return byteLength(JSON.stringify(widened));
}

/**
 * Adds `pad` so that JSON.stringify(submission) is exactly the bound rounded up to
 * SUBMISSION_PAD_STEP. Without confidential mode the pad stands in for the identity (a dummy of
 * the same size that the server can tell apart: it is never in `identity`, and never stored).
 */
export function padSubmission<T extends Record<string, unknown>>(policy: Policy, submission: T): T & { pad: string } {
  const unpadded = { ...submission, pad: '' };
  const length = byteLength(JSON.stringify(unpadded));
  const target = roundUp(Math.max(submissionLengthBound(policy, submission), length), SUBMISSION_PAD_STEP);
  return { ...unpadded, pad: filler(target - length) };
}

/** The size bucket of a status answer of `length` bytes. */
export function statusAnswerBucket(length: number): number {
  if (length <= STATUS_FIRST_BUCKET) return STATUS_FIRST_BUCKET;
  if (length <= MIB) return 2 ** Math.ceil(Math.log2(length));
  return roundUp(length, MIB);
}

/**
 * The JSON text of `value` (an object) with a trailing `pad` member that brings its UTF-8 length
 * exactly to bucket(length). For answers the server sends as text (the reporter's status).
 */
export function paddedJsonText(value: Record<string, unknown>, bucket: (length: number) => number): string {
  const bare = JSON.stringify({ ...value, pad: '' });
  const length = byteLength(bare);
  return JSON.stringify({ ...value, pad: filler(Math.max(0, bucket(length) - length)) });
}
