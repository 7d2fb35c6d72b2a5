/**
 * Every rule of the default Kazakhstan policy (TAXONOMY 3.4), each branch, the national level
 * (S1, A3, central bodies) and the triage fallback, as one table.
 */
import { routeCase } from '../../../core/routing/engine';
import type { RoutingMetadata } from '../../../core/routing/types';
import { kzPolicy } from '../policy/kzPolicy';

const policy = kzPolicy();

const base: RoutingMetadata = { category: 'other', region: 'KZ-75', seniority: 'S3', amount: 'A0', flags: [] };
const m = (over: Partial<RoutingMetadata>): RoutingMetadata => ({ ...base, ...over });

type Row = [string, Partial<RoutingMetadata>, string, string, string[]?];

const OFFICIAL_CORRUPTION = ['bribery', 'abuse_of_office', 'budget_misuse', 'procurement', 'conflict_of_interest', 'gifts_restrictions'];

const table: Row[] = [
  // R1 retaliation → prosecutor@region, notify aca
  ['R1 retaliation', { category: 'retaliation' }, 'R1', 'prosecutor@KZ-75', ['aca@KZ-75']],
  // Conflict exclusion X1: a subject employed by the ACS: aca is never notified (it is the body concerned).
  ['R1 wins over R2, without the excluded aca', { category: 'retaliation', region: 'KZ-79', flags: ['subject_in_aca'] }, 'R1', 'prosecutor@KZ-79', []],
  // X2 keeps only afm away: aca is still notified of retaliation by an AFM employee.
  ['R1 by an AFM employee still notifies aca', { category: 'retaliation', region: 'KZ-79', flags: ['subject_in_afm'] }, 'R1', 'prosecutor@KZ-79', ['aca@KZ-79']],
  ['R1 with S1 goes national, notified aca too', { category: 'retaliation', seniority: 'S1' }, 'R1', 'prosecutor@KZ', ['aca@KZ']],
  // R2 subject employed by the ACS or the AFM → prosecutor@KZ
  ['R2 bribery by an ACS employee', { category: 'bribery', flags: ['subject_in_aca'] }, 'R2', 'prosecutor@KZ'],
  ['R2 bribery by an AFM employee', { category: 'bribery', flags: ['subject_in_afm'] }, 'R2', 'prosecutor@KZ'],
  ['R2 both bodies', { category: 'tax_customs', flags: ['subject_in_aca', 'subject_in_afm'] }, 'R2', 'prosecutor@KZ'],
  ['R2 wins over R3', { category: 'bribery', seniority: 'S1', flags: ['subject_in_afm'] }, 'R2', 'prosecutor@KZ'],
  ['R2 needs no region', { category: 'ethics', region: 'unknown', flags: ['subject_in_aca'] }, 'R2', 'prosecutor@KZ'],
  // A police bribe is the ACS remit: no flag, R4 (issue 14: it no longer goes to the national prosecutor).
  ['R4 bribery by a police officer (no employer flag)', { category: 'bribery', sector: 'law_enforcement' }, 'R4', 'aca@KZ-75'],
  // R3 S1 + official corruption → aca@KZ
  ...OFFICIAL_CORRUPTION.map((category): Row => [`R3 S1 ${category}`, { category, seniority: 'S1', region: 'KZ-10' }, 'R3', 'aca@KZ']),
  ['R3 S1 with unknown region', { category: 'procurement', seniority: 'S1', region: 'unknown', flags: ['bidder_collusion'] }, 'R3', 'aca@KZ'],
  // R4 bribery, abuse of office → aca@region
  ['R4 bribery', { category: 'bribery' }, 'R4', 'aca@KZ-75'],
  ['R4 abuse of office, S2', { category: 'abuse_of_office', seniority: 'S2', region: 'KZ-11' }, 'R4', 'aca@KZ-11'],
  ['R4 bribery, S0 A1', { category: 'bribery', seniority: 'S0', amount: 'A1', region: 'KZ-62' }, 'R4', 'aca@KZ-62'],
  // R5 bid rigging → competition@region
  ['R5 procurement + collusion', { category: 'procurement', flags: ['bidder_collusion'] }, 'R5', 'competition@KZ-75'],
  ['R5 wins over R6', { category: 'procurement', amount: 'A2', flags: ['bidder_collusion', 'criminal_signs'] }, 'R5', 'competition@KZ-75'],
  // R6 procurement with criminal signs or ≥ A2 → aca@region
  ['R6 procurement + criminal signs', { category: 'procurement', flags: ['criminal_signs'] }, 'R6', 'aca@KZ-75'],
  ['R6 procurement A2', { category: 'procurement', amount: 'A2' }, 'R6', 'aca@KZ-75'],
  ['R6 procurement A3 (national)', { category: 'procurement', amount: 'A3' }, 'R6', 'aca@KZ'],
  // R7 procurement otherwise → fin_control@region
  ['R7 procurement A0', { category: 'procurement' }, 'R7', 'fin_control@KZ-75'],
  ['R7 procurement A1, S2', { category: 'procurement', amount: 'A1', seniority: 'S2' }, 'R7', 'fin_control@KZ-75'],
  // R8 budget misuse, three branches
  ['R8a budget, official S2', { category: 'budget_misuse', seniority: 'S2' }, 'R8a', 'aca@KZ-75'],
  ['R8a budget, S2 wins over A2', { category: 'budget_misuse', seniority: 'S2', amount: 'A2' }, 'R8a', 'aca@KZ-75'],
  ['R8b budget, A2', { category: 'budget_misuse', amount: 'A2' }, 'R8b', 'afm@KZ-75'],
  ['R8b budget, criminal signs', { category: 'budget_misuse', seniority: 'S0', flags: ['criminal_signs'] }, 'R8b', 'afm@KZ-75'],
  ['R8b budget, A3 (national)', { category: 'budget_misuse', amount: 'A3' }, 'R8b', 'afm@KZ'],
  ['R8c budget, A1', { category: 'budget_misuse', amount: 'A1' }, 'R8c', 'fin_control@KZ-75'],
  ['R8c budget, S0 A0', { category: 'budget_misuse', seniority: 'S0' }, 'R8c', 'fin_control@KZ-75'],
  // R9 tax, customs, banking → afm@region
  ['R9 tax & customs', { category: 'tax_customs' }, 'R9', 'afm@KZ-75'],
  ['R9 banking with criminal signs', { category: 'finance_banking', flags: ['criminal_signs'], region: 'KZ-71' }, 'R9', 'afm@KZ-71'],
  ['R9 banking, S1 (national)', { category: 'finance_banking', seniority: 'S1' }, 'R9', 'afm@KZ'],
  // R10 conflict of interest, gifts: S2 or ≥ A1 → aca, else ethics
  ['R10a conflict of interest, S2', { category: 'conflict_of_interest', seniority: 'S2' }, 'R10a', 'aca@KZ-75'],
  ['R10a gifts, A1', { category: 'gifts_restrictions', amount: 'A1' }, 'R10a', 'aca@KZ-75'],
  ['R10a conflict of interest, S0 A2', { category: 'conflict_of_interest', seniority: 'S0', amount: 'A2' }, 'R10a', 'aca@KZ-75'],
  ['R10b conflict of interest, S3 A0', { category: 'conflict_of_interest' }, 'R10b', 'ethics@KZ-75'],
  ['R10b gifts, S0 A0', { category: 'gifts_restrictions', seniority: 'S0' }, 'R10b', 'ethics@KZ-75'],
  // R10c: a gift with signs of a crime is bribery → aca (it went to ethics before issue 14)
  ['R10c gifts with criminal signs', { category: 'gifts_restrictions', flags: ['criminal_signs'] }, 'R10c', 'aca@KZ-75'],
  ['R10c gifts with criminal signs, S0', { category: 'gifts_restrictions', seniority: 'S0', flags: ['criminal_signs'], region: 'KZ-33' }, 'R10c', 'aca@KZ-33'],
  ['R10c gifts with criminal signs by an ACS employee → R2', { category: 'gifts_restrictions', flags: ['criminal_signs', 'subject_in_aca'] }, 'R2', 'prosecutor@KZ'],
  ['R10b conflict of interest with criminal signs stays with ethics', { category: 'conflict_of_interest', flags: ['criminal_signs'] }, 'R10b', 'ethics@KZ-75'],
  // R11 permits, public services, land: criminal → aca, else compliance + copy ethics
  ['R11a permits + criminal signs', { category: 'permits', flags: ['criminal_signs'] }, 'R11a', 'aca@KZ-75'],
  ['R11a public services + criminal signs', { category: 'public_services', flags: ['criminal_signs'] }, 'R11a', 'aca@KZ-75'],
  ['R11a land + criminal signs', { category: 'land_agri', flags: ['criminal_signs'], region: 'KZ-61' }, 'R11a', 'aca@KZ-61'],
  ['R11b permits', { category: 'permits' }, 'R11b', 'compliance@KZ-75', ['ethics@KZ-75']],
  ['R11b public services, A2', { category: 'public_services', amount: 'A2' }, 'R11b', 'compliance@KZ-75', ['ethics@KZ-75']],
  ['R11b land & subsidies', { category: 'land_agri', region: 'KZ-47' }, 'R11b', 'compliance@KZ-47', ['ethics@KZ-47']],
  // R12 ethics → ethics@region
  ['R12 ethics', { category: 'ethics' }, 'R12', 'ethics@KZ-75'],
  ['R12 ethics, S1 (national)', { category: 'ethics', seniority: 'S1' }, 'R12', 'ethics@KZ'],
  // R13 default → triage@KZ
  ['R13 other', { category: 'other' }, 'R13', 'triage@KZ'],
  ['R13 other, S1', { category: 'other', seniority: 'S1' }, 'R13', 'triage@KZ'],
  ['R13 bribery, region unknown', { category: 'bribery', region: 'unknown' }, 'R13', 'triage@KZ'],
  ['R13 retaliation, region unknown', { category: 'retaliation', region: 'unknown' }, 'R13', 'triage@KZ'],
  ['R13 permits, region unknown', { category: 'permits', region: 'unknown', flags: ['criminal_signs'] }, 'R13', 'triage@KZ'],
  ['R13 region not in the policy', { category: 'bribery', region: 'KZ-99' }, 'R13', 'triage@KZ'],
  ['R13 category not in the policy', { category: 'espionage' }, 'R13', 'triage@KZ'],
  // S1 subjects and central state bodies (region KZ) route to @KZ
  ['central body, bribery S3', { category: 'bribery', region: 'KZ' }, 'R4', 'aca@KZ'],
  ['central body, procurement', { category: 'procurement', region: 'KZ' }, 'R7', 'fin_control@KZ'],
  ['central body, permits', { category: 'permits', region: 'KZ' }, 'R11b', 'compliance@KZ', ['ethics@KZ']],
  ['S1 with region unknown, tax', { category: 'tax_customs', seniority: 'S1', region: 'unknown' }, 'R9', 'afm@KZ'],
  ['A3 with region unknown, ethics', { category: 'ethics', amount: 'A3', region: 'unknown' }, 'R12', 'ethics@KZ'],
];

describe('routing rules of the default policy', () => {
  it.each(table)('%s', (_name, over, ruleId, primary, notify = []) => {
    const route = routeCase(policy, m(over));
    expect({ ruleId: route.ruleId, primaryUnit: route.primaryUnit, notifyUnits: route.notifyUnits }).toEqual({
      ruleId,
      primaryUnit: primary,
      notifyUnits: notify,
    });
    expect(route.level).toBe(primary.endsWith('@KZ') ? 'national' : 'region');
  });

  it('copy views: R1 gives the notified aca a key for its read-only copy; R11b’s copied ethics reads with its chain wrap', () => {
    expect(routeCase(policy, m({ category: 'retaliation' })).copyUnits).toEqual(['aca@KZ-75']);
    const permits = routeCase(policy, m({ category: 'permits' }));
    expect(permits.notifyUnits).toEqual(['ethics@KZ-75']);
    expect(permits.copyUnits).toEqual(['ethics@KZ-75']);
    expect(permits.candidateSet.filter((u) => u === 'ethics@KZ-75')).toHaveLength(1); // one wrap, at its chain place
  });

  it('the table exercises every rule of the policy', () => {
    const covered = new Set(table.map((row) => row[2]));
    expect(policy.rules.filter((r) => !covered.has(r.id)).map((r) => r.id)).toEqual([]);
  });

  it('routes every region of the policy to its own regional unit', () => {
    for (const region of policy.regions) {
      expect(routeCase(policy, m({ category: 'bribery', region: region.code })).primaryUnit).toBe(`aca@${region.code}`);
    }
  });

  it('does not depend on the order of flags or on the sector tag', () => {
    const a = routeCase(policy, m({ category: 'procurement', flags: ['criminal_signs', 'bidder_collusion'] }));
    const b = routeCase(policy, m({ category: 'procurement', flags: ['bidder_collusion', 'criminal_signs'], sector: 'health' }));
    expect(a).toEqual(b);
  });
});
