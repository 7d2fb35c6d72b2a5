/**
 * Parsing a policy source: the zod shape first, then the cross-references zod cannot see
 * (unique ids, every name used by a rule, unit or escalation step defined). All problems are
 * collected and reported together, so a custodian fixes a draft in one pass.
 */
import { PolicySchema, type Condition, type LeafCondition, type Policy, type Target } from './schema';
import { PolicyError } from './errors';

/** Parses and cross-checks a policy source; throws PolicyError('invalid_policy') listing every issue. */
export function parsePolicySource(json: unknown): Policy {
  const result = PolicySchema.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
    throw new PolicyError('invalid_policy', 'The policy does not match the cc-policy/1 format:', issues);
  }
  const issues = crossReferenceIssues(result.data);
  if (issues.length) throw new PolicyError('invalid_policy', 'The policy has inconsistent references:', issues);
  return result.data;
}

function formatPath(path: readonly PropertyKey[]): string {
  if (!path.length) return '(root)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}

/** Every cross-reference problem of a schema-valid policy, as "path: message" lines. */
export function crossReferenceIssues(p: Policy): string[] {
  const issues: string[] = [];
  const add = (path: string, message: string) => issues.push(`${path}: ${message}`);

  const unique = (path: string, ids: readonly string[]) => {
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      if (seen.has(id)) add(`${path}[${i}]`, `duplicate id "${id}"`);
      seen.add(id);
    });
    return seen;
  };
  unique('languages', p.languages);
  const categories = unique('categories', p.categories.map((c) => c.id));
  const sectors = unique('sectors', (p.sectors ?? []).map((s) => s.id));
  const regions = unique('regions', p.regions.map((r) => r.code));
  const kinds = unique('unitKinds', p.unitKinds.map((k) => k.id));
  const units = unique('units', p.units.map((u) => u.id));
  unique('rules', p.rules.map((r) => r.id));
  const seniority = unique('routingInputs.seniority.options', p.routingInputs.seniority.options.map((o) => o.id));
  const amounts = unique('routingInputs.amount.options', p.routingInputs.amount.options.map((o) => o.id));
  const flags = unique('routingInputs.flags.options', p.routingInputs.flags.options.map((o) => o.id));

  if (Date.parse(p.validUntil) <= Date.parse(p.validFrom)) add('validUntil', 'must be later than validFrom');
  if (!/^[A-Z]{2}$/.test(p.nationalRegion)) add('nationalRegion', 'must be a bare country code such as KZ');
  if (!regions.has(p.nationalRegion)) add('nationalRegion', `"${p.nationalRegion}" is not listed in regions`);

  const kindsWithUnits = new Set<string>();
  p.units.forEach((u, i) => {
    const at = `units[${i}]`;
    kindsWithUnits.add(u.kind);
    if (!kinds.has(u.kind)) add(`${at}.kind`, `unit kind "${u.kind}" is not defined in unitKinds`);
    if (!regions.has(u.region)) add(`${at}.region`, `region "${u.region}" is not defined in regions`);
    if (u.id !== `${u.kind}@${u.region}`) add(`${at}.id`, `must be "${u.kind}@${u.region}" (kind@region)`);
    unique(`${at}.keys(generation)`, u.keys.map((k) => String(k.generation)));
    u.keys.forEach((k, j) => {
      if (k.retiredAt && Date.parse(k.retiredAt) < Date.parse(k.createdAt)) add(`${at}.keys[${j}].retiredAt`, 'is before createdAt');
      if (k.standby && k.retiredAt) add(`${at}.keys[${j}]`, 'a standby key cannot be retired');
      if (k.standby && u.keys.some((o) => o !== k && o.generation > k.generation)) add(`${at}.keys[${j}]`, 'the standby key must be the highest generation');
    });
    if (u.keys.filter((k) => k.standby).length > 1) add(`${at}.keys`, 'at most one standby key per unit');
  });
  if (!units.has(p.triageUnit)) add('triageUnit', `unit "${p.triageUnit}" is not defined in units`);

  const checkTarget = (at: string, t: Target) => {
    if (!kinds.has(t.kind)) add(`${at}.kind`, `unit kind "${t.kind}" is not defined in unitKinds`);
    else if (!kindsWithUnits.has(t.kind)) add(`${at}.kind`, `no unit of kind "${t.kind}" exists`);
  };
  const checkLeaf = (at: string, c: LeafCondition) => {
    const known = (field: string, ids: readonly string[] | undefined, set: Set<string>, what: string) =>
      ids?.forEach((id, i) => set.has(id) || add(`${at}.${field}[${i}]`, `${what} "${id}" is not defined`));
    known('category', c.category, categories, 'category');
    known('sector', c.sector, sectors, 'sector');
    known('region', c.region, regions, 'region');
    known('seniority', c.seniority, seniority, 'seniority option');
    known('flags', c.flags, flags, 'flag');
    if (c.amountAtLeast !== undefined && !amounts.has(c.amountAtLeast)) add(`${at}.amountAtLeast`, `amount option "${c.amountAtLeast}" is not defined`);
  };
  p.rules.forEach((r, i) => {
    const at = `rules[${i}] (${r.id})`;
    const when: Condition = r.when;
    checkLeaf(`${at}.when`, when);
    when.any?.forEach((c, j) => checkLeaf(`${at}.when.any[${j}]`, c));
    checkTarget(`${at}.target`, r.target);
    r.notify?.forEach((t, j) => checkTarget(`${at}.notify[${j}]`, t));
  });
  // The triage unit is every case's last resort (the default route, declines): it must never be
  // excluded, so that every report always has a receiver that can read it.
  const triageKind = p.units.find((u) => u.id === p.triageUnit)?.kind;
  unique('conflictExclusions', (p.conflictExclusions ?? []).map((x) => x.id));
  (p.conflictExclusions ?? []).forEach((x, i) => {
    const at = `conflictExclusions[${i}] (${x.id})`;
    checkLeaf(`${at}.when`, x.when);
    x.when.any?.forEach((c, j) => checkLeaf(`${at}.when.any[${j}]`, c));
    x.excludeKinds.forEach((k, j) => {
      if (!kinds.has(k)) add(`${at}.excludeKinds[${j}]`, `unit kind "${k}" is not defined in unitKinds`);
      if (k === triageKind) add(`${at}.excludeKinds[${j}]`, `the triage unit's kind "${k}" can never be excluded`);
    });
  });
  (p.identityExcludedKinds ?? []).forEach((k, j) => {
    if (!kinds.has(k)) add(`identityExcludedKinds[${j}]`, `unit kind "${k}" is not defined in unitKinds`);
    if (k === triageKind) add(`identityExcludedKinds[${j}]`, `the triage unit's kind "${k}" can never be excluded`);
  });
  for (const [kind, entry] of Object.entries(p.escalation)) {
    if (!kinds.has(kind)) add(`escalation.${kind}`, `unit kind "${kind}" is not defined in unitKinds`);
    entry.chain.forEach((t, j) => checkTarget(`escalation.${kind}.chain[${j}]`, t));
  }
  (p.slaEscalation?.chain ?? []).forEach((t, j) => checkTarget(`slaEscalation.chain[${j}]`, t));

  unique('calendar.weekendDays', p.calendar.weekendDays.map(String));
  const holidays = unique('calendar.holidays', p.calendar.holidays);
  (p.calendar.extraWorkingDays ?? []).forEach((d, i) => {
    if (holidays.has(d)) add(`calendar.extraWorkingDays[${i}]`, `${d} is also listed as a holiday`);
  });
  // The reporter's person (docs/policy.md §6): grounds are distinct, considered flags exist.
  unique('identityDisclosure.grounds', (p.identityDisclosure?.grounds ?? []).map((g) => g.id));
  (p.appcConsideration?.consideredFlags ?? []).forEach((f, i) => {
    if (!flags.has(f)) add(`appcConsideration.consideredFlags[${i}]`, `flag "${f}" is not defined in routingInputs.flags`);
  });
  if (p.limits.maxFileBytes > p.limits.maxCaseBytes) add('limits.maxFileBytes', 'exceeds maxCaseBytes');
  if (p.limits.maxBodyBytes > p.limits.maxCaseBytes) add('limits.maxBodyBytes', 'exceeds maxCaseBytes');
  return issues;
}
