/**
 * Conflict exclusion and "who can read" (issue 12), over EVERY combination of the default
 * policy's routing values: no excluded unit ever appears in the readers lists, the escalation
 * chain or the notified units; the identity list is a subset of the report list; the unit that
 * receives the case is never excluded.
 */
import { firstWrappedUnit, nextEscalationUnit, routeCase, excludedKinds, unitKindOf } from '../../../core/routing/engine';
import { identityReaders, reportReaders } from '../../../core/routing/readers';
import type { RoutingMetadata } from '../../../core/routing/types';
import { parsePolicySource } from '../../../core/policy/parse';
import type { Policy } from '../../../core/policy/schema';
import { fakeX25519, kzSource } from '../policy/kzPolicy';

/** The default policy with a (shape-only) key for every unit, so every unit can be a reader. */
function keyedPolicy(mutate?: (s: ReturnType<typeof kzSource>) => void): Policy {
  const source = kzSource();
  source.units.forEach((u, i) => (u.keys = [{ generation: 1, publicKey: fakeX25519(i % 250), createdAt: '2026-11-01T00:00:00+05:00' }]));
  mutate?.(source);
  return parsePolicySource(source);
}

const policy = keyedPolicy();
const flagIds = policy.routingInputs.flags.options.map((o) => o.id);
const flagSets = flagIds.reduce<string[][]>((sets, f) => [...sets, ...sets.map((s) => [...s, f])], [[]]);

function* everyCombination(p: Policy): Generator<RoutingMetadata> {
  for (const category of p.categories.map((c) => c.id))
    for (const region of [...p.regions.map((r) => r.code), 'unknown'])
      for (const seniority of p.routingInputs.seniority.options.map((o) => o.id))
        for (const amount of p.routingInputs.amount.options.map((o) => o.id)) for (const flags of flagSets) yield { category, region, seniority, amount, flags };
}

const base: RoutingMetadata = { category: 'other', region: 'KZ-75', seniority: 'S3', amount: 'A0', flags: [] };
const WITH_ACA = 19_208;
const WITH_AFM = 3_550;
const m = (over: Partial<RoutingMetadata>): RoutingMetadata => ({ ...base, ...over });

describe('every combination of the default policy (78,848)', () => {
  const all = [...everyCombination(policy)];
  let withAca = 0;
  let withAfm = 0;
  let acaSubjects = 0;
  let afmSubjects = 0;

  it('never lists, chains, notifies or assigns an excluded unit; identity ⊆ report readers', () => {
    expect(all).toHaveLength(78_848);
    for (const routing of all) {
      const route = routeCase(policy, routing);
      const excluded = excludedKinds(policy, routing);
      if (route.excludedKinds.join() !== excluded.join()) throw new Error(`${JSON.stringify(routing)}: route.excludedKinds`);
      const report = reportReaders(policy, routing, {}, route);
      const identity = identityReaders(policy, routing, {}, route);
      const receiver = firstWrappedUnit(route, report);
      const units = [...report, ...identity, ...route.escalationChain, ...route.notifyUnits, ...route.candidateSet, route.primaryUnit, receiver];
      const bad = units.filter((u) => excluded.includes(unitKindOf(policy, u)));
      if (bad.length) throw new Error(`${JSON.stringify(routing)}: excluded ${bad.join(', ')}`);
      // Every escalation step from the receiver stays off the excluded kinds too.
      for (let at: string | undefined = receiver; at; at = nextEscalationUnit(route, at, report)) {
        if (excluded.includes(unitKindOf(policy, at))) throw new Error(`${JSON.stringify(routing)}: escalates to ${at}`);
      }
      if (!identity.every((u) => report.includes(u))) throw new Error(`${JSON.stringify(routing)}: identity ${identity} ⊄ report ${report}`);
      if (!identity.length || !identity.includes(policy.triageUnit)) throw new Error(`${JSON.stringify(routing)}: identity without triage`);
      if (identity.some((u) => unitKindOf(policy, u) === 'compliance')) throw new Error(`${JSON.stringify(routing)}: compliance holds the identity`);
      if (identity.length > 2 || identity.length > report.length) throw new Error(`${JSON.stringify(routing)}: identity list not shorter`);
      if (report.some((u) => u.startsWith('aca@'))) withAca++;
      if (report.some((u) => u.startsWith('afm@'))) withAfm++;
      // Only the body that employs the subject is kept away (issue 14: the flag was split by employer).
      if (routing.flags.includes('subject_in_aca')) {
        acaSubjects++;
        if (report.some((u) => u.startsWith('aca@'))) throw new Error(`${JSON.stringify(routing)}: ACS employee's case reaches ${report}`);
      }
      if (routing.flags.includes('subject_in_afm')) {
        afmSubjects++;
        if (report.some((u) => u.startsWith('afm@'))) throw new Error(`${JSON.stringify(routing)}: AFM employee's case reaches ${report}`);
      }
      // Notified units with a copy view hold a key; none other off the route does.
      for (const u of report) {
        const onRoute = u === route.primaryUnit || u === route.triageUnit || route.escalationChain.includes(u) || route.copyUnits.includes(u);
        if (!onRoute) throw new Error(`${JSON.stringify(routing)}: ${u} holds a key without a use`);
      }
      if (!route.copyUnits.every((u) => route.notifyUnits.includes(u))) throw new Error(`${JSON.stringify(routing)}: a copy unit that is not notified`);
    }
    expect(acaSubjects).toBe(78_848 / 2);
    expect(afmSubjects).toBe(78_848 / 2);
    // The figures move with the rules; a change here must be explained. Issue 12: aca in 16,464
    // of 39,424 sets. Issue 14: the flag split (an AFM employee's case may reach aca, and the
    // reverse), R1's copy for aca, R10c (a gift with criminal signs goes to aca).
    expect([withAca, withAfm]).toEqual([WITH_ACA, WITH_AFM]);
  });

  it('the identity goes to the receiving unit and triage, never to the employer’s compliance', () => {
    expect(identityReaders(policy, m({ category: 'bribery' }))).toEqual(['aca@KZ-75', 'triage@KZ']);
    expect(reportReaders(policy, m({ category: 'permits' }))).toEqual(['compliance@KZ-75', 'ethics@KZ-75', 'aca@KZ-75', 'prosecutor@KZ-75', 'triage@KZ']);
    expect(identityReaders(policy, m({ category: 'permits' }))).toEqual(['ethics@KZ-75', 'triage@KZ']);
    expect(identityReaders(policy, m({ category: 'other' }))).toEqual(['triage@KZ']);
  });

  it('issue 12’s example: retaliation by an ACS officer in Akmola reaches no aca', () => {
    const routing = m({ category: 'retaliation', region: 'KZ-11', flags: ['subject_in_aca'] });
    expect(reportReaders(policy, routing)).toEqual(['prosecutor@KZ-11', 'prosecutor@KZ', 'triage@KZ']);
    expect(identityReaders(policy, routing)).toEqual(['prosecutor@KZ-11', 'triage@KZ']);
    expect(routeCase(policy, routing)).toMatchObject({ ruleId: 'R1', notifyUnits: [], copyUnits: [], excludedKinds: ['aca'] });
  });

  it('retaliation elsewhere: the notified aca holds a key for its read-only copy, never the identity', () => {
    const routing = m({ category: 'retaliation', region: 'KZ-11' });
    expect(routeCase(policy, routing)).toMatchObject({ ruleId: 'R1', notifyUnits: ['aca@KZ-11'], copyUnits: ['aca@KZ-11'] });
    expect(reportReaders(policy, routing)).toEqual(['prosecutor@KZ-11', 'prosecutor@KZ', 'triage@KZ', 'aca@KZ-11']);
    expect(identityReaders(policy, routing)).toEqual(['prosecutor@KZ-11', 'triage@KZ']);
  });

  it('an AFM employee’s case keeps afm away but not aca', () => {
    const routing = m({ category: 'budget_misuse', amount: 'A2', flags: ['subject_in_afm'] });
    expect(routeCase(policy, routing)).toMatchObject({ ruleId: 'R2', primaryUnit: 'prosecutor@KZ', excludedKinds: ['afm'] });
    const acs = m({ category: 'budget_misuse', amount: 'A2', flags: ['subject_in_aca'] });
    expect(routeCase(policy, acs)).toMatchObject({ ruleId: 'R2', excludedKinds: ['aca'] });
  });

  it('a notified unit without a view gets a notification but no key', () => {
    const p = keyedPolicy((s) => {
      const r1 = s.rules.find((r) => r.id === 'R1')!;
      r1.notify = [{ kind: 'aca', level: 'region', view: 'none' }];
    });
    const routing = m({ category: 'retaliation', region: 'KZ-11' });
    expect(routeCase(p, routing)).toMatchObject({ notifyUnits: ['aca@KZ-11'], copyUnits: [] });
    expect(reportReaders(p, routing)).toEqual(['prosecutor@KZ-11', 'prosecutor@KZ', 'triage@KZ']);
  });

  it('only units with a current key are readers; the receiver is the first keyed unit of the route', () => {
    const p = keyedPolicy((s) => s.units.filter((u) => u.id === 'aca@KZ-75').forEach((u) => (u.keys = [])));
    expect(reportReaders(p, m({ category: 'bribery' }))).toEqual(['prosecutor@KZ-75', 'triage@KZ']);
    expect(identityReaders(p, m({ category: 'bribery' }))).toEqual(['prosecutor@KZ-75', 'triage@KZ']);
  });
});

describe('the exclusion section of the policy format', () => {
  it('an excluded primary target makes the rule not apply; the next rule decides', () => {
    const p = keyedPolicy((s) => {
      s.conflictExclusions = [{ id: 'X9', when: { sector: ['health'] }, excludeKinds: ['aca'] }];
    });
    const route = routeCase(p, m({ category: 'bribery', sector: 'health' }));
    expect(route).toMatchObject({ ruleId: 'R13', primaryUnit: 'triage@KZ', candidateSet: ['triage@KZ'] });
    // An excluded chain step is dropped, the rest of the chain stays.
    expect(routeCase(p, m({ category: 'ethics', sector: 'health' })).escalationChain).toEqual(['prosecutor@KZ-75']);
    // Without the sector, nothing is excluded.
    expect(routeCase(p, m({ category: 'bribery' })).primaryUnit).toBe('aca@KZ-75');
  });

  it('every matching exclusion applies (union)', () => {
    const p = keyedPolicy((s) => {
      s.conflictExclusions = [...(s.conflictExclusions ?? []), { id: 'X9', when: { category: ['ethics'] }, excludeKinds: ['ethics', 'prosecutor'] }];
    });
    expect(excludedKinds(p, m({ category: 'ethics', flags: ['subject_in_aca', 'subject_in_afm'] }))).toEqual(['aca', 'afm', 'ethics', 'prosecutor']);
    expect(reportReaders(p, m({ category: 'ethics', flags: ['subject_in_aca'] }))).toEqual(['triage@KZ']);
  });

  it.each<[string, (s: ReturnType<typeof kzSource>) => void, RegExp]>([
    ['the triage kind excluded', (s) => (s.conflictExclusions = [{ id: 'X9', when: {}, excludeKinds: ['triage'] }]), /conflictExclusions\[0\] \(X9\)\.excludeKinds\[0\]: the triage unit's kind "triage" can never be excluded/],
    ['an unknown kind', (s) => (s.conflictExclusions = [{ id: 'X9', when: {}, excludeKinds: ['police'] }]), /excludeKinds\[0\]: unit kind "police" is not defined/],
    ['an unknown flag', (s) => (s.conflictExclusions = [{ id: 'X9', when: { flags: ['subject_is_minister'] }, excludeKinds: ['aca'] }]), /when\.flags\[0\]: flag "subject_is_minister" is not defined/],
    ['a duplicate id', (s) => (s.conflictExclusions = [{ id: 'X9', when: {}, excludeKinds: ['aca'] }, { id: 'X9', when: {}, excludeKinds: ['afm'] }]), /conflictExclusions\[1\]: duplicate id "X9"/],
    ['triage never receiving identities', (s) => (s.identityExcludedKinds = ['triage']), /identityExcludedKinds\[0\]: the triage unit's kind/],
    ['an unknown field', (s) => ((s as Record<string, unknown>).conflictExclusions = [{ id: 'X9', when: {}, excludeKinds: ['aca'], regions: ['KZ'] }]), /Unrecognized key/],
  ])('refuses %s', (_name, mutate, expected) => {
    const source = kzSource();
    mutate(source);
    let issues: string[] = [];
    try {
      parsePolicySource(source);
    } catch (err) {
      issues = (err as { issues: string[] }).issues;
    }
    expect(issues.some((i) => expected.test(i))).toBe(true);
  });
});
