import { labelText, type Language, type Policy } from '../../../core/policy';

/**
 * The policy's "no right to consideration under the APPC" label, or null: shown for anonymous
 * reports (not confidential) that set none of the flags under which the law still considers an
 * anonymous report (policy `appcConsideration`, docs/policy.md). No policy entry, no label.
 */
export function noAppcConsideration(policy: Policy, view: { confidential: boolean; routing: { flags: string[] } }, lang: Language | string): string | null {
  const rule = policy.appcConsideration;
  if (!rule || view.confidential) return null;
  if (view.routing.flags.some((f) => rule.consideredFlags.includes(f))) return null;
  return labelText(rule.label, lang);
}
