/**
 * Rules, escalation, deadlines and calendar of the default Kazakhstan policy (TAXONOMY 3.4, the
 * escalation list and section 4). Rule ids follow the taxonomy table; a rule with branches is
 * split into R8a/R8b/R8c etc. so that every branch is one ordered data rule.
 */
import type { PolicySource } from '../../core/policy/schema';

type Rule = PolicySource['rules'][number];
const region = (kind: string) => ({ kind, level: 'region' as const });
const national = (kind: string) => ({ kind, level: 'national' as const });

const OFFICIAL_CORRUPTION = ['bribery', 'abuse_of_office', 'budget_misuse', 'procurement', 'conflict_of_interest', 'gifts_restrictions'];
const SERVICE_SECTORS = ['permits', 'public_services', 'land_agri'];

/** First match wins. Region-level rules do not apply to a report with an unknown region. */
export const KZ_RULES: Rule[] = [
  // "+ notify aca": the anti-corruption service reads a read-only copy (view 'copy') [agency to confirm].
  { id: 'R1', note: 'Retaliation against a reporter', when: { category: ['retaliation'] }, target: region('prosecutor'), notify: [{ ...region('aca'), view: 'copy' }] },
  {
    id: 'R2',
    note: 'Subject works for the Anti-Corruption Service or Financial Monitoring: conflict avoidance (police staff are the ACS remit)',
    when: { any: [{ flags: ['subject_in_aca'] }, { flags: ['subject_in_afm'] }] },
    target: national('prosecutor'),
  },
  { id: 'R3', note: 'Responsible state position (S1)', when: { seniority: ['S1'], category: OFFICIAL_CORRUPTION }, target: national('aca') },
  { id: 'R4', when: { category: ['bribery', 'abuse_of_office'] }, target: region('aca') },
  { id: 'R5', note: 'Bid rigging', when: { category: ['procurement'], flags: ['bidder_collusion'] }, target: region('competition') },
  {
    id: 'R6',
    note: 'Procurement with criminal signs or amount >= A2',
    when: { category: ['procurement'], any: [{ flags: ['criminal_signs'] }, { amountAtLeast: 'A2' }] },
    target: region('aca'),
  },
  { id: 'R7', note: 'Procurement otherwise', when: { category: ['procurement'] }, target: region('fin_control') },
  { id: 'R8a', note: 'Budget misuse, official involved (S1-S2)', when: { category: ['budget_misuse'], seniority: ['S1', 'S2'] }, target: region('aca') },
  {
    id: 'R8b',
    note: 'Budget misuse, amount >= A2 or criminal signs',
    when: { category: ['budget_misuse'], any: [{ amountAtLeast: 'A2' }, { flags: ['criminal_signs'] }] },
    target: region('afm'),
  },
  { id: 'R8c', note: 'Budget misuse otherwise', when: { category: ['budget_misuse'] }, target: region('fin_control') },
  {
    id: 'R9',
    note: 'Tax, customs, banking (a bribe taken by an official is category bribery: R4)',
    when: { category: ['tax_customs', 'finance_banking'] },
    target: region('afm'),
  },
  {
    id: 'R10a',
    note: 'Conflict of interest / gifts with S2 or amount >= A1',
    when: { category: ['conflict_of_interest', 'gifts_restrictions'], any: [{ seniority: ['S2'] }, { amountAtLeast: 'A1' }] },
    target: region('aca'),
  },
  // A gift or breach of restrictions with signs of a crime is bribery (CC arts. 366-367), not an ethics matter.
  { id: 'R10c', note: 'Gifts / restrictions with criminal signs: bribery', when: { category: ['gifts_restrictions'], flags: ['criminal_signs'] }, target: region('aca') },
  { id: 'R10b', note: 'Conflict of interest / gifts otherwise', when: { category: ['conflict_of_interest', 'gifts_restrictions'] }, target: region('ethics') },
  { id: 'R11a', note: 'Service sectors with criminal signs', when: { category: SERVICE_SECTORS, flags: ['criminal_signs'] }, target: region('aca') },
  {
    id: 'R11b',
    note: 'Service sectors otherwise: compliance of the body, copy to ethics',
    when: { category: SERVICE_SECTORS },
    target: region('compliance'),
    notify: [{ ...region('ethics'), view: 'copy' }],
  },
  { id: 'R12', when: { category: ['ethics'] }, target: region('ethics') },
  { id: 'R13', note: 'Default: other, missing region, anything unmatched', when: {}, target: national('triage') },
];

/**
 * No body investigates its own staff (TAXONOMY 5, first caveat). The reporter says which body
 * employs the person: the Anti-Corruption Service (aca) or the Financial Monitoring Agency,
 * whose economic investigations are `afm`. Only the body concerned is kept away: it holds no key
 * to the report, whatever rule matches (R1 retaliation included, whose "notify aca" came before
 * R2's conflict avoidance), nor to its escalation chain. Police staff are in the ACS remit and
 * need no exclusion [agency to confirm].
 */
export const KZ_CONFLICT_EXCLUSIONS: NonNullable<PolicySource['conflictExclusions']> = [
  { id: 'X1', note: 'Subject works for the Anti-Corruption Service: the ACS is the body concerned', when: { flags: ['subject_in_aca'] }, excludeKinds: ['aca'] },
  { id: 'X2', note: 'Subject works for the Financial Monitoring Agency: its economic investigations are the body concerned', when: { flags: ['subject_in_afm'] }, excludeKinds: ['afm'] },
];

/**
 * The employer's own compliance service is staffed from the body concerned: it never receives a
 * confidential reporter's identity (TAXONOMY 5, "Compliance of the body concerned").
 */
export const KZ_IDENTITY_EXCLUDED_KINDS: NonNullable<PolicySource['identityExcludedKinds']> = ['compliance'];

/**
 * Who takes over when a unit misses a deadline or a case needs a competence the holder lacks
 * (the wraps already exist, so no human has to re-seal). Triage has no chain: a missed triage
 * decision alerts the triage unit's supervisors (a role inside the unit, not another unit).
 */
export const KZ_ESCALATION: PolicySource['escalation'] = {
  triage: { chain: [], note: 'Missed triage decision: the triage supervisors are alerted (a role, not a unit).' },
  aca: { chain: [region('prosecutor')] },
  afm: { chain: [region('aca'), region('prosecutor')] },
  fin_control: { chain: [region('aca'), region('afm'), region('prosecutor')], note: 'Criminal signs go to aca/afm within 1 working day.' },
  competition: { chain: [region('aca'), region('prosecutor')] },
  ethics: { chain: [region('aca'), region('prosecutor')], note: 'Criminal signs go to aca within 1 working day.' },
  compliance: { chain: [region('ethics'), region('aca'), region('prosecutor')], note: 'Criminal signs go to aca within 1 working day.' },
  prosecutor: { chain: [national('prosecutor')], note: 'A regional prosecutor escalates to the Prosecutor General’s Office.' },
};

/**
 * A missed legal clock (SLA) goes to the holding unit's head first, then to prosecutor oversight
 * in the region; it never follows the competence chain (an ethics complaint whose acknowledgement
 * was missed stays an ethics complaint, it does not go to criminal investigators).
 */
export const KZ_SLA_ESCALATION: NonNullable<PolicySource['slaEscalation']> = {
  chain: [region('prosecutor')],
  note: 'TAXONOMY escalation 6: the unit head first (supervisors of the holding unit), then prosecutor oversight.',
};

/** APPC Art. 76: an extension of at most two months in total, with a reason, the applicant told within 3 working days. */
export const KZ_EXTENSIONS: NonNullable<PolicySource['extensions']> = {
  maxTotal: { amount: 2, unit: 'calendar_months' },
  reasons: ['extension_complexity', 'extension_awaiting_information'],
  basis: 'APPC Art. 76: extension up to 2 months in total, with a reason; the applicant told within 3 working days',
};

/** TAXONOMY section 4. */
export const KZ_DEADLINES: PolicySource['deadlines'] = {
  acknowledge: {
    amount: 2,
    unit: 'working_days',
    from: 'received',
    reminders: [{ before: 1, unit: 'working_days' }],
    basis: 'EU Directive 2019/1937 Art. 9: within 7 days; proposed 2 working days by a human',
  },
  triageDecision: {
    amount: 3,
    unit: 'working_days',
    from: 'received',
    reminders: [{ before: 1, unit: 'working_days' }],
    basis: 'APPC Art. 76: redirect within 3 working days',
  },
  answer: {
    amount: 15,
    unit: 'working_days',
    from: 'received',
    reminders: [{ before: 5, unit: 'working_days' }, { before: 1, unit: 'working_days' }],
    basis: 'APPC Art. 76: 15 working days (extension up to 2 months with reason and notice)',
  },
  feedback: {
    amount: 3,
    unit: 'calendar_months',
    from: 'acknowledged',
    reminders: [{ before: 14, unit: 'calendar_days' }, { before: 3, unit: 'working_days' }],
    basis: 'EU Directive 2019/1937 Art. 9: feedback within 3 months of acknowledgement',
  },
  investigationAlert: { amount: 60, unit: 'calendar_days', from: 'received', basis: 'Target 60 days: SLA alert' },
  investigationEscalation: { amount: 80, unit: 'calendar_days', from: 'received', basis: 'Escalation to the unit head at day 80' },
  criminalReferral: {
    amount: 1,
    unit: 'working_days',
    from: 'criminal_signs_found',
    reminders: [{ before: 4, unit: 'hours' }],
    basis: 'Criminal signs handed to aca/afm within 1 working day (Ukrainian 24 h analogue)',
  },
  competenceDecline: {
    amount: 3,
    unit: 'working_days',
    from: 'assigned',
    reminders: [{ before: 1, unit: 'working_days' }],
    basis: 'A receiving unit may decline as out of competence within 3 working days (APPC Art. 76 analogue)',
  },
  extensionNotice: {
    amount: 3,
    unit: 'working_days',
    from: 'extension_decided',
    basis: 'APPC: the applicant is told of an extension within 3 working days',
  },
};

/**
 * Public holidays (Labour Code Art. 84; Law on Holidays): 1–2 Jan, 7 Jan (Orthodox Christmas),
 * 8 Mar, 21–23 Mar (Nauryz), 1 May, 7 May, 9 May, 6 Jul, 30 Aug, 25 Oct, 16 Dec, and the first
 * day of Kurban Ait. A holiday on a weekend moves the day off to the next working day, except
 * religious holidays (7 Jan, Kurban Ait). Government decrees that move further days off (bridge
 * days) are NOT included [UNVERIFIED]: add them, and confirm Kurban Ait, each year.
 */
export const KZ_CALENDAR: PolicySource['calendar'] = {
  timezone: 'Asia/Almaty',
  utcOffsetMinutes: 300,
  weekendDays: [6, 7],
  holidays: [
    // 2026
    '2026-01-01', '2026-01-02', '2026-01-07',
    '2026-03-09', // 8 Mar is a Sunday
    '2026-03-23', '2026-03-24', '2026-03-25', // Nauryz 21–23 Mar; 21 (Sat) and 22 (Sun) moved to 24, 25
    '2026-05-01', '2026-05-07',
    '2026-05-11', // 9 May is a Saturday
    '2026-05-27', // Kurban Ait [UNVERIFIED: set by the Spiritual Administration of Muslims]
    '2026-07-06',
    '2026-08-31', // 30 Aug is a Sunday
    '2026-10-26', // 25 Oct is a Sunday
    '2026-12-16',
    // 2027
    '2027-01-01',
    '2027-01-04', // 2 Jan is a Saturday
    '2027-01-07',
    '2027-03-08',
    '2027-03-22', '2027-03-23', '2027-03-24', // Nauryz; 21 Mar (Sun) moved to 24
    '2027-05-03', // 1 May is a Saturday
    '2027-05-07',
    '2027-05-10', // 9 May is a Sunday
    // Kurban Ait 2027 falls on about 16 May, a Sunday; religious holidays are not moved [UNVERIFIED]
    '2027-07-06', '2027-08-30', '2027-10-25', '2027-12-16',
  ],
  extraWorkingDays: [],
  years: [2026, 2027],
};
