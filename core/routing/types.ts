/**
 * Routing metadata: the only plaintext about a report's subject. The reporter chooses every
 * value from the policy's lists (nothing free-text), sees it before sending, and the server
 * stores it in clear for routing and statistics.
 */
import { z } from 'zod';
import { IdSchema, OptionIdSchema, RegionCodeSchema, type Policy, type UnitId } from '../policy/schema';

/** Shape check (what the server validates before it knows which policy version applies). */
export const RoutingMetadataSchema = z.strictObject({
  category: IdSchema,
  sector: IdSchema.optional(),
  /** Region of the offence; the national code (KZ) for central state bodies; 'unknown' if not given. */
  region: z.union([RegionCodeSchema, z.literal('unknown')]),
  seniority: OptionIdSchema,
  amount: OptionIdSchema,
  /** Ids of the flags the reporter ticked (each at most once). */
  flags: z
    .array(IdSchema)
    .max(32)
    .refine((f) => new Set(f).size === f.length, 'flags must not repeat'),
});
export type RoutingMetadata = z.infer<typeof RoutingMetadataSchema>;

/** Problems of metadata against a given policy: values that policy does not define. */
export function routingMetadataIssues(policy: Policy, m: RoutingMetadata): string[] {
  const issues: string[] = [];
  const check = (field: string, value: string, ids: readonly string[]) => {
    if (!ids.includes(value)) issues.push(`${field}: "${value}" is not defined by policy version ${policy.version}`);
  };
  check('category', m.category, policy.categories.map((c) => c.id));
  if (m.sector !== undefined) check('sector', m.sector, (policy.sectors ?? []).map((s) => s.id));
  if (m.region !== 'unknown') check('region', m.region, policy.regions.map((r) => r.code));
  check('seniority', m.seniority, policy.routingInputs.seniority.options.map((o) => o.id));
  check('amount', m.amount, policy.routingInputs.amount.options.map((o) => o.id));
  const flags = policy.routingInputs.flags.options.map((o) => o.id);
  m.flags.forEach((f, i) => check(`flags[${i}]`, f, flags));
  return issues;
}

/**
 * Shape-checks unknown input and checks it against the policy. Returns the metadata with flags
 * sorted (one canonical form per choice), or the list of issues.
 */
export function parseRoutingMetadata(
  policy: Policy,
  input: unknown,
): { ok: true; metadata: RoutingMetadata } | { ok: false; issues: string[] } {
  const parsed = RoutingMetadataSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) };
  const issues = routingMetadataIssues(policy, parsed.data);
  if (issues.length) return { ok: false, issues };
  return { ok: true, metadata: { ...parsed.data, flags: [...parsed.data.flags].sort() } };
}

/** The result of routing one case under one policy version. */
export interface Route {
  policyVersion: number;
  /** The rule that matched ('default' if none did and the triage unit was used). */
  ruleId: string;
  /** Whether the primary unit sits at the national level (S1, A3, central body, or a national rule). */
  level: 'region' | 'national';
  primaryUnit: UnitId;
  /** Units the rule notifies ("+ notify", "copy"): each gets a notification when the case is routed. */
  notifyUnits: UnitId[];
  /**
   * The notified units the policy gives a read-only copy view (`view: 'copy'`, the default): they
   * receive a DEK wrap and read the case in the console's audited copies view. A notified unit
   * without a view gets no wrap. Never the primary unit (it reads the case anyway).
   */
  copyUnits: UnitId[];
  /** Units that take over from the primary, in order (the policy's escalation for its kind). */
  escalationChain: UnitId[];
  triageUnit: UnitId;
  /** Every unit whose current key receives the DEK: primary, chain, triage, copy units (never an excluded unit). */
  candidateSet: UnitId[];
  /** Unit kinds the policy's conflict exclusions keep away from this case (none of its units appear above). */
  excludedKinds: string[];
}
