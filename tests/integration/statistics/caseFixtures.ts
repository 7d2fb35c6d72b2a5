import { randomBytes } from 'node:crypto';

/**
 * Case documents as the intake, the route worker and the console leave them, written straight
 * to the database (statistics read only metadata; the envelope fields are opaque filler here).
 * Shared by the statistics tests and bench/statistics.bench.ts.
 */
export type SyntheticCase = {
  category: string;
  region: string;
  unitKind?: string;
  receivedAt: Date;
  /** Days after receipt: acknowledged, closed (with outcome); undefined = not yet. */
  acknowledgedAfterDays?: number;
  closedAfterDays?: number;
  outcome?: 'substantiated' | 'unsubstantiated' | 'referred' | 'insufficient_information';
  status?: 'received' | 'acknowledged' | 'assessment' | 'investigation' | 'closed';
};

const DAY = 86_400_000;
const filler = () => randomBytes(12).toString('base64url');

export function caseDocument(c: SyntheticCase) {
  const at = (days: number) => new Date(c.receivedAt.getTime() + days * DAY);
  const unitId = `${c.unitKind ?? 'aca'}@${c.region === 'unknown' ? 'KZ' : c.region}`;
  const timeline: { kind: string; at: Date; status?: string; template?: string }[] = [
    { kind: 'received', at: c.receivedAt, status: 'received' },
    { kind: 'routed', at: c.receivedAt },
  ];
  if (c.acknowledgedAfterDays !== undefined) timeline.push({ kind: 'status', at: at(c.acknowledgedAfterDays), status: 'acknowledged', template: 'acknowledged' });
  if (c.closedAfterDays !== undefined) timeline.push({ kind: 'status', at: at(c.closedAfterDays), status: 'closed', template: `closed_${c.outcome ?? 'substantiated'}` });
  const status = c.status ?? (c.closedAfterDays !== undefined ? 'closed' : c.acknowledgedAfterDays !== undefined ? 'acknowledged' : 'received');
  return {
    _id: randomBytes(16).toString('base64url'),
    caseToken: randomBytes(32).toString('base64url'),
    authVerifier: filler(),
    reporterPublicKey: filler(),
    submissionHash: filler(),
    policyVersion: 1,
    routing: { category: c.category, region: c.region, seniority: 'S0', amount: 'A0', flags: [] },
    confidential: false,
    body: { v: 1, alg: 'xchacha20poly1305-ietf', nonce: filler(), ct: filler() },
    wraps: [],
    status,
    ...(status === 'closed' ? { outcome: c.outcome ?? 'substantiated', closedAt: at(c.closedAfterDays ?? 0) } : {}),
    routeState: 'routed',
    unitId,
    chain: [unitId],
    deadlines: { acknowledgeBy: at(2), answerBy: at(21), feedbackBy: at(90) },
    overdue: [],
    escalationLevel: 0,
    receivedAt: c.receivedAt,
    routedAt: c.receivedAt,
    timeline,
    messageCount: 0,
  };
}

/** A deterministic pseudo-random generator (tests and the benchmark must be repeatable). */
export function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * `n` cases over the months given, skewed like real reporting (a few categories and regions
 * take most reports), with acknowledgement and closure times around the legal deadlines.
 */
export function syntheticCases(n: number, months: string[], categories: string[], regions: string[], seed = 1): SyntheticCase[] {
  const rnd = seeded(seed);
  const outcomes = ['substantiated', 'unsubstantiated', 'referred', 'insufficient_information'] as const;
  return Array.from({ length: n }, () => {
    const month = months[Math.floor(rnd() * months.length)];
    const [y, m] = month.split('-').map(Number);
    // Noon local time on a day 1..28: always inside the local month whatever the offset.
    const receivedAt = new Date(Date.UTC(y, m - 1, 1 + Math.floor(rnd() * 28), 7));
    const closed = rnd() < 0.6;
    return {
      category: categories[Math.floor(rnd() ** 2 * categories.length)],
      region: regions[Math.floor(rnd() ** 1.5 * regions.length)],
      unitKind: rnd() < 0.7 ? 'aca' : 'ethics',
      receivedAt,
      acknowledgedAfterDays: Math.round(rnd() * 40) / 10,
      closedAfterDays: closed ? 5 + Math.round(rnd() * 300) / 10 : undefined,
      outcome: outcomes[Math.floor(rnd() * outcomes.length)],
    };
  });
}
