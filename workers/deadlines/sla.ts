/**
 * The SLA-escalation chain of the policy (`slaEscalation`), apart from the competence chain:
 * a missed clock goes to the unit head first (a role inside the holding unit), then to the
 * oversight units listed, resolved at the region of the unit that missed it. Never to a unit
 * the case holds no key for, nor to one its conflict exclusions keep away.
 */
import { findUnit, type Policy } from '../../core/policy';

/** The oversight units of the SLA chain for a case held by `unitId`, in order. */
export function slaChainUnits(policy: Policy, unitId: string): string[] {
  const region = unitId.split('@')[1] ?? policy.nationalRegion;
  const out: string[] = [];
  for (const step of policy.slaEscalation?.chain ?? []) {
    const id = `${step.kind}@${step.level === 'national' ? policy.nationalRegion : region}`;
    if (findUnit(policy, id) && id !== unitId && !out.includes(id)) out.push(id);
  }
  return out;
}

/** The next oversight unit after `unitId` that holds a wrap and is not excluded; undefined at the end. */
export function nextSlaUnit(policy: Policy, unitId: string, wrappedUnits: readonly string[], excluded: readonly string[]): string | undefined {
  return slaChainUnits(policy, unitId).find((u) => wrappedUnits.includes(u) && !excluded.includes(u));
}
