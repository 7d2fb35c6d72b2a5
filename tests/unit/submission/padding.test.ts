/**
 * Sizes say nothing (docs/crypto.md "Sizes"): the submission's length does not tell confidential
 * mode or how many units it is sealed to, and the status answer's length does not tell how many
 * messages the thread has, within the documented buckets.
 */
import { caseSecretsFromMaster, cryptoReady, newContentId, sealMessage, type Envelope } from '../../../core/crypto';
import { identityReaders, reportReaders, routeCase, type RoutingMetadata } from '../../../core/routing';
import {
  buildSubmission,
  MAX_WRAPS_PER_LIST,
  PAD_MAX_CHARS,
  PAD_PATTERN,
  padSubmission,
  paddedJsonText,
  submissionLengthBound,
  STATUS_FIRST_BUCKET,
  statusAnswerBucket,
  SUBMISSION_PAD_STEP,
  type ReportDraft,
} from '../../../core/submission';
import { createTestDeployment, type TestDeployment } from '../../support/deployment';

const DETAILS = { when: '', where: '', who: '', evidence: '' };
const IDENTITY = { name: 'Айгерим Н.', contact: '+7 701 000 00 00', note: 'after 18:00' };
const POW = { challengeId: 'c'.repeat(22), nonce: 'n'.repeat(11) };
/** What the browser posts: the built submission, then the proof of work (fixed length). */
const posted = (submission: object) => Buffer.byteLength(JSON.stringify({ ...submission, pow: POW }));

let deployment: TestDeployment;
let fewest: RoutingMetadata;
let most: RoutingMetadata;

/** Every routing combination of the policy (39,424 for the default one), flags sorted. */
function* routings(d: TestDeployment): Generator<RoutingMetadata> {
  const p = d.policy;
  const flags = p.routingInputs.flags.options.map((o) => o.id).sort();
  const flagSets = flags.reduce<string[][]>((sets, f) => [...sets, ...sets.map((set) => [...set, f])], [[]]);
  for (const category of p.categories.map((c) => c.id))
    for (const region of [...p.regions.map((r) => r.code), 'unknown'])
      for (const seniority of p.routingInputs.seniority.options.map((o) => o.id))
        for (const amount of p.routingInputs.amount.options.map((o) => o.id)) for (const f of flagSets) yield { category, region, seniority, amount, flags: f };
}

/** The routings with the fewest and the most report readers. */
function extremeRoutings(d: TestDeployment): [RoutingMetadata, RoutingMetadata] {
  let min: [number, RoutingMetadata] | undefined;
  let max: [number, RoutingMetadata] | undefined;
  for (const routing of routings(d)) {
    const n = reportReaders(d.policy, routing).length;
    if (!min || n < min[0]) min = [n, routing];
    if (!max || n > max[0]) max = [n, routing];
  }
  return [min![1], max![1]];
}

const draft = (routing: RoutingMetadata, description: string, confidential: boolean): ReportDraft => ({
  routing,
  description,
  details: DETAILS,
  lang: 'ru',
  attachments: 0,
  ...(confidential ? { identity: IDENTITY } : {}),
});

beforeAll(async () => {
  await cryptoReady();
  deployment = await createTestDeployment();
  [fewest, most] = extremeRoutings(deployment);
});

describe('submission padding', () => {
  it('gives non-confidential and confidential submissions to the fewest and the most units one length', () => {
    const text = 'Начальник отдела требовал деньги за выдачу лицензии.';
    const built = [
      buildSubmission(deployment.policy, draft(fewest, text, false)),
      buildSubmission(deployment.policy, draft(fewest, text, true)),
      buildSubmission(deployment.policy, draft(most, text, false)),
      buildSubmission(deployment.policy, draft(most, text, true)),
    ].map((b) => b.submission as Record<string, any>);
    // The cases differ in what padding must hide...
    expect(built[0].wraps.length).toBeLessThan(built[2].wraps.length);
    expect(built.map((s) => s.identity !== undefined)).toEqual([false, true, false, true]);
    const unpadded = built.map(({ pad, ...rest }) => JSON.stringify(rest).length);
    expect(new Set(unpadded).size).toBe(4);
    // ...and still post the same number of bytes, on a step boundary.
    const lengths = built.map((s) => JSON.stringify(s).length);
    expect(new Set(lengths).size).toBe(1);
    expect(lengths[0] % SUBMISSION_PAD_STEP).toBe(0);
    expect(new Set(built.map(posted)).size).toBe(1);
    for (const s of built) {
      expect(s.pad).toMatch(PAD_PATTERN);
      expect(s.pad.length).toBeLessThanOrEqual(PAD_MAX_CHARS);
    }
  });

  it('holds for every routing and up to MAX_WRAPS_PER_LIST wraps in both lists (the intake limit)', () => {
    const real = buildSubmission(deployment.policy, draft(most, 'x', true)).submission as Record<string, any>;
    const target = JSON.stringify(real).length;
    const longestUnit = deployment.policy.units.map((u) => u.id).reduce((a, b) => (b.length > a.length ? b : a));
    const many = (w: any) => Array.from({ length: MAX_WRAPS_PER_LIST }, () => ({ ...w, unitId: longestUnit, generation: 100_000 }));
    const variants = [
      { ...real, wraps: real.wraps.slice(0, 1), identity: undefined },
      { ...real, wraps: many(real.wraps[0]), identity: { ...real.identity, wraps: many(real.identity.wraps[0]) }, attachments: 20 },
      { ...real, routing: { ...real.routing, flags: deployment.policy.routingInputs.flags.options.map((o) => o.id) } },
      { ...real, routing: fewest },
    ];
    for (const v of variants) expect(JSON.stringify(padSubmission(deployment.policy, v)).length).toBe(target);
    // Every routing combination, sealed to exactly its readers, with and without an identity, fits
    // under the bound (the same for all of them), so padSubmission brings each to `target`.
    const bound = submissionLengthBound(deployment.policy, real);
    expect(Math.ceil(bound / SUBMISSION_PAD_STEP) * SUBMISSION_PAD_STEP).toBe(target);
    const off: string[] = [];
    let combinations = 0;
    const wrapsTo = (units: string[], sample: any) => units.map((unitId) => ({ ...sample, unitId }));
    for (const routing of routings(deployment)) {
      combinations++;
      const route = routeCase(deployment.policy, routing);
      const wraps = wrapsTo(reportReaders(deployment.policy, routing, {}, route), real.wraps[0]);
      const identity = { ...real.identity, wraps: wrapsTo(identityReaders(deployment.policy, routing, {}, route), real.identity.wraps[0]) };
      for (const v of [{ ...real, routing, wraps, identity, pad: '' }, { ...real, routing, wraps, identity: undefined, pad: '' }]) {
        if (JSON.stringify(v).length > bound) off.push(JSON.stringify(routing));
      }
    }
    expect(combinations).toBeGreaterThan(1000);
    expect(off).toEqual([]);
  });

  it('moves a longer body (the next 4 KiB body bucket) to a longer submission', () => {
    const short = buildSubmission(deployment.policy, draft(most, 'a', false)).submission;
    const long = buildSubmission(deployment.policy, draft(most, 'a'.repeat(5000), false)).submission;
    expect(JSON.stringify(long).length).toBeGreaterThan(JSON.stringify(short).length);
    expect(JSON.stringify(long).length % SUBMISSION_PAD_STEP).toBe(0);
  });

  it('shows (documented) an identity longer than one 4 KiB block', () => {
    const plain = buildSubmission(deployment.policy, draft(most, 'a', false)).submission;
    const longNote = buildSubmission(deployment.policy, { ...draft(most, 'a', true), identity: { ...IDENTITY, note: 'n'.repeat(5000) } }).submission;
    expect(JSON.stringify(longNote).length).toBeGreaterThan(JSON.stringify(plain).length);
  });
});

describe('status answer padding', () => {
  const message = (i: number, text = `message ${i}`) => {
    const secrets = caseSecretsFromMaster(new Uint8Array(32).fill(3));
    const messageId = newContentId();
    return { messageId, seq: i + 1, from: 'reporter', sealed: sealMessage(secrets.dek, secrets.caseToken, messageId, 'reporter', text) as Envelope, at: new Date('2026-01-01T10:00:00Z') };
  };
  const view = (messages: number) => ({
    status: 'received',
    receivedAt: new Date('2026-01-01T10:00:00Z'),
    timeline: Array.from({ length: 1 + messages }, (_, i) => ({ kind: i ? 'message' : 'received', at: new Date('2026-01-01T10:00:00Z') })),
    messages: Array.from({ length: messages }, (_, i) => message(i)),
    attachments: [],
  });

  it('answers a thread of 0, 1 and several messages with the same length, and the content unchanged', () => {
    const views = [0, 1, 3, 8].map(view);
    const bare = views.map((v) => JSON.stringify(v).length);
    expect(new Set(bare).size).toBe(4);
    const texts = views.map((v) => paddedJsonText(v, statusAnswerBucket));
    expect(texts.map((t) => Buffer.byteLength(t))).toEqual([STATUS_FIRST_BUCKET, STATUS_FIRST_BUCKET, STATUS_FIRST_BUCKET, STATUS_FIRST_BUCKET]);
    const { pad, ...rest } = JSON.parse(texts[2]);
    expect(pad).toMatch(PAD_PATTERN);
    expect(rest).toEqual(JSON.parse(JSON.stringify(views[2])));
  });

  it('uses 64 KiB, then doubling buckets to 1 MiB, then whole MiB', () => {
    expect([1, 65_536, 65_537, 200_000, 1_048_576, 1_048_577, 3_000_000].map(statusAnswerBucket)).toEqual([
      65_536, 65_536, 131_072, 262_144, 1_048_576, 2_097_152, 3_145_728,
    ]);
    expect(Buffer.byteLength(paddedJsonText(view(20), statusAnswerBucket))).toBe(131_072);
  });
});
