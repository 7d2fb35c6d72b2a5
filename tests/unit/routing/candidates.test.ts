/** Escalation chains, candidate sets (who receives the DEK) and choosing the unit that holds a wrap. */
import { firstWrappedUnit, nextEscalationUnit, routeCase } from '../../../core/routing/engine';
import { parseRoutingMetadata, type RoutingMetadata } from '../../../core/routing/types';
import { parsePolicySource } from '../../../core/policy/parse';
import { kzPolicy, kzSource } from '../policy/kzPolicy';

const policy = kzPolicy();
const base: RoutingMetadata = { category: 'other', region: 'KZ-75', seniority: 'S3', amount: 'A0', flags: [] };
const m = (over: Partial<RoutingMetadata>): RoutingMetadata => ({ ...base, ...over });

describe('escalation chain and candidate set', () => {
  it.each<[string, Partial<RoutingMetadata>, string[], string[]]>([
    ['aca: → prosecutor', { category: 'bribery' }, ['prosecutor@KZ-75'], ['aca@KZ-75', 'prosecutor@KZ-75', 'triage@KZ']],
    ['national aca: → national prosecutor', { category: 'bribery', seniority: 'S1' }, ['prosecutor@KZ'], ['aca@KZ', 'prosecutor@KZ', 'triage@KZ']],
    ['afm: → aca → prosecutor', { category: 'tax_customs', region: 'KZ-23' }, ['aca@KZ-23', 'prosecutor@KZ-23'], ['afm@KZ-23', 'aca@KZ-23', 'prosecutor@KZ-23', 'triage@KZ']],
    [
      'fin_control: → aca → afm → prosecutor',
      { category: 'procurement' },
      ['aca@KZ-75', 'afm@KZ-75', 'prosecutor@KZ-75'],
      ['fin_control@KZ-75', 'aca@KZ-75', 'afm@KZ-75', 'prosecutor@KZ-75', 'triage@KZ'],
    ],
    ['competition: → aca → prosecutor', { category: 'procurement', flags: ['bidder_collusion'] }, ['aca@KZ-75', 'prosecutor@KZ-75'], ['competition@KZ-75', 'aca@KZ-75', 'prosecutor@KZ-75', 'triage@KZ']],
    ['ethics: → aca → prosecutor', { category: 'ethics' }, ['aca@KZ-75', 'prosecutor@KZ-75'], ['ethics@KZ-75', 'aca@KZ-75', 'prosecutor@KZ-75', 'triage@KZ']],
    [
      'compliance: → ethics → aca → prosecutor; the notified ethics unit appears once',
      { category: 'permits', region: 'KZ-10' },
      ['ethics@KZ-10', 'aca@KZ-10', 'prosecutor@KZ-10'],
      ['compliance@KZ-10', 'ethics@KZ-10', 'aca@KZ-10', 'prosecutor@KZ-10', 'triage@KZ'],
    ],
    // Issue 14: the notified aca reads a read-only copy (view 'copy'), so it holds a key, after triage.
    [
      'regional prosecutor: → national prosecutor; the notified aca is a copy reader',
      { category: 'retaliation' },
      ['prosecutor@KZ'],
      ['prosecutor@KZ-75', 'prosecutor@KZ', 'triage@KZ', 'aca@KZ-75'],
    ],
    [
      'retaliation by an ACS officer (issue 12): no aca anywhere',
      { category: 'retaliation', region: 'KZ-11', flags: ['subject_in_aca'] },
      ['prosecutor@KZ'],
      ['prosecutor@KZ-11', 'prosecutor@KZ', 'triage@KZ'],
    ],
    ['national prosecutor: chain to itself is dropped', { category: 'bribery', flags: ['subject_in_afm'] }, [], ['prosecutor@KZ', 'triage@KZ']],
    ['triage: no chain (its supervisors are a role)', { category: 'other' }, [], ['triage@KZ']],
  ])('%s', (_name, over, chain, candidates) => {
    const route = routeCase(policy, m(over));
    expect(route.escalationChain).toEqual(chain);
    expect(route.candidateSet).toEqual(candidates);
    expect(route.triageUnit).toBe('triage@KZ');
    expect(route.policyVersion).toBe(policy.version);
  });

  it('falls back to the national unit when a region has no unit of the kind, and drops missing chain units', () => {
    const source = kzSource();
    source.units = source.units.filter((u) => u.id !== 'aca@KZ-10' && u.id !== 'ethics@KZ-10' && u.id !== 'prosecutor@KZ');
    const trimmed = parsePolicySource(source);
    const bribery = routeCase(trimmed, m({ category: 'bribery', region: 'KZ-10' }));
    expect(bribery).toMatchObject({ ruleId: 'R4', primaryUnit: 'aca@KZ', level: 'national', escalationChain: [] });
    const permits = routeCase(trimmed, m({ category: 'permits', region: 'KZ-10' }));
    expect(permits.escalationChain).toEqual(['ethics@KZ', 'aca@KZ', 'prosecutor@KZ-10']);
    expect(permits.notifyUnits).toEqual(['ethics@KZ']);
    // R2 targets prosecutor@KZ, which no longer exists: the next matching rule applies.
    expect(routeCase(trimmed, m({ category: 'bribery' })).ruleId).toBe('R4');
    // With an ACS employee, R4's aca is excluded too: the report falls through to triage.
    expect(routeCase(trimmed, m({ category: 'bribery', flags: ['subject_in_aca'] }))).toMatchObject({ ruleId: 'R13', candidateSet: ['triage@KZ'] });
    // With an AFM employee, only afm is excluded: R4's aca takes it.
    expect(routeCase(trimmed, m({ category: 'bribery', flags: ['subject_in_afm'] }))).toMatchObject({ ruleId: 'R4', primaryUnit: 'aca@KZ-75' });
  });

  it('uses the triage unit with rule id "default" when no rule matches', () => {
    const source = kzSource();
    source.rules = source.rules.filter((r) => r.id !== 'R13');
    const route = routeCase(parsePolicySource(source), m({ category: 'other' }));
    expect(route).toMatchObject({ ruleId: 'default', primaryUnit: 'triage@KZ', escalationChain: [], notifyUnits: [], copyUnits: [], candidateSet: ['triage@KZ'] });
  });
});

describe('firstWrappedUnit', () => {
  const route = routeCase(policy, m({ category: 'procurement' })); // fin_control → aca → afm → prosecutor

  it.each<[string, string[], string]>([
    ['the primary unit when it holds a wrap', ['fin_control@KZ-75', 'aca@KZ-75', 'triage@KZ'], 'fin_control@KZ-75'],
    ['the first wrapped unit of the chain when the primary has none', ['afm@KZ-75', 'prosecutor@KZ-75', 'triage@KZ'], 'afm@KZ-75'],
    ['the last unit of the chain', ['prosecutor@KZ-75'], 'prosecutor@KZ-75'],
    ['triage when no unit of the route holds a wrap', ['triage@KZ'], 'triage@KZ'],
    ['triage even with no wraps at all', [], 'triage@KZ'],
    ['triage when only units off the route hold wraps', ['aca@KZ-11', 'ethics@KZ-75'], 'triage@KZ'],
  ])('%s', (_name, wrapped, expected) => {
    expect(firstWrappedUnit(route, wrapped)).toBe(expected);
    expect(firstWrappedUnit(route, new Set(wrapped))).toBe(expected);
  });

  it('never picks a notified unit', () => {
    const retaliation = routeCase(policy, m({ category: 'retaliation' }));
    expect(firstWrappedUnit(retaliation, ['aca@KZ-75', 'triage@KZ'])).toBe('triage@KZ');
  });
});

describe('nextEscalationUnit', () => {
  const route = routeCase(policy, m({ category: 'procurement' }));
  const all = route.candidateSet;
  it('moves one step along primary + chain, skipping units without a wrap', () => {
    expect(nextEscalationUnit(route, 'fin_control@KZ-75', all)).toBe('aca@KZ-75');
    expect(nextEscalationUnit(route, 'aca@KZ-75', all)).toBe('afm@KZ-75');
    expect(nextEscalationUnit(route, 'aca@KZ-75', ['prosecutor@KZ-75'])).toBe('prosecutor@KZ-75');
  });
  it('is undefined at the end of the chain, for triage and for a unit off the route', () => {
    expect(nextEscalationUnit(route, 'prosecutor@KZ-75', all)).toBeUndefined();
    expect(nextEscalationUnit(route, 'triage@KZ', all)).toBeUndefined();
    expect(nextEscalationUnit(route, 'ethics@KZ-11', all)).toBeUndefined();
  });
});

describe('parseRoutingMetadata', () => {
  it('accepts choices from the policy and sorts the flags', () => {
    const result = parseRoutingMetadata(policy, { ...base, category: 'bribery', sector: 'health', flags: ['criminal_signs', 'bidder_collusion'] });
    expect(result).toEqual({ ok: true, metadata: { ...base, category: 'bribery', sector: 'health', flags: ['bidder_collusion', 'criminal_signs'] } });
    expect(parseRoutingMetadata(policy, { ...base, region: 'unknown' }).ok).toBe(true);
    expect(parseRoutingMetadata(policy, { ...base, region: 'KZ' }).ok).toBe(true);
  });

  it.each<[string, unknown, RegExp]>([
    ['an unknown category', { ...base, category: 'espionage' }, /^category: "espionage" is not defined by policy version \d+/],
    ['an unknown region', { ...base, region: 'KZ-99' }, /^region: /],
    ['an unknown sector', { ...base, sector: 'space' }, /^sector: /],
    ['an unknown seniority', { ...base, seniority: 'S7' }, /^seniority: /],
    ['an unknown amount', { ...base, amount: 'A4' }, /^amount: /],
    ['an unknown flag', { ...base, flags: ['anonymous'] }, /^flags\[0\]: /],
    ['a repeated flag', { ...base, flags: ['criminal_signs', 'criminal_signs'] }, /^flags: flags must not repeat/],
    ['free text in a field', { ...base, category: 'Bribery at the akimat of Almaty' }, /^category: /],
    ['an extra field', { ...base, note: 'secret' }, /note/],
    ['a missing field', { category: 'other', region: 'KZ-75', seniority: 'S3', flags: [] }, /^amount: /],
    ['not an object', 'bribery', /^\(root\): /],
  ])('rejects %s', (_name, input, expected) => {
    const result = parseRoutingMetadata(policy, input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.some((i) => expected.test(i))).toBe(true);
  });
});
