/**
 * The routing policy source (format `cc-policy/1`): everything country-specific about a
 * deployment (categories, regions, units and their public keys, routing rules, escalation,
 * deadlines, calendar, retention) as data. The key custodian signs it offline; browsers and
 * workers only trust it after `verifySignedPolicy`. Objects are strict: an unknown or
 * misspelt field is an error, never silently signed and ignored.
 * Cross-references (a rule naming a unit kind that exists, ...) are checked in parse.ts.
 */
import { z } from 'zod';
import { LabelsSchema, LanguageSchema } from './labels';
import { isBase64urlOfLength } from './base64url';

/** Lower-case identifier: categories, sectors, unit kinds, flags, rules are named with it. */
export const IdSchema = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'expected an id of a-z, 0-9 and _ (starting with a letter)');
/** Rule ids are written like the taxonomy's table: R1, R8a, ... */
export const RuleIdSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,23}$/, 'expected a rule id such as R8a');
/** Options of the ordered routing inputs: S0..S3, A0..A3. */
export const OptionIdSchema = z.string().regex(/^[A-Z][A-Z0-9_]{0,15}$/, 'expected an option id such as S1 or A2');
/** ISO 3166-2 subdivision code (KZ-75), or the bare country code for the national level (KZ). */
export const RegionCodeSchema = z
  .string()
  .regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, 'expected an ISO 3166-2 code such as KZ-75, or a country code such as KZ');
/** A concrete unit: `<kind>@<region>`, e.g. `aca@KZ-75`, `triage@KZ`. */
export const UnitIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}@[A-Z]{2}(-[A-Z0-9]{1,3})?$/, 'expected a unit id such as aca@KZ-75')
  .brand<'UnitId'>();
export type UnitId = z.infer<typeof UnitIdSchema>;

const IsoDateTime = z.iso.datetime({ offset: true });
const IsoDate = z.iso.date();
const PositiveInt = z.int().positive();

/** 32-byte X25519 public key, base64url. */
export const X25519PublicKeySchema = z
  .string()
  .refine((s) => isBase64urlOfLength(s, 32), 'expected a 32-byte X25519 public key in base64url');

/**
 * One generation of a unit's key pair. The key CLI writes this shape; do not change it.
 * `standby`: the next generation, signed in advance, whose secret key only the custodian holds
 * (granted to nobody yet). Nothing is sealed to it until the server activates it for the unit,
 * which it does the moment a member who held the unit key is removed (docs/crypto.md §9).
 */
export const UnitKeySchema = z.strictObject({
  generation: PositiveInt,
  publicKey: X25519PublicKeySchema,
  createdAt: IsoDateTime,
  retiredAt: IsoDateTime.optional(),
  standby: z.literal(true).optional(),
});
export type UnitKey = z.infer<typeof UnitKeySchema>;

export const CategorySchema = z.strictObject({
  id: IdSchema,
  kind: z.enum(['conduct', 'sector']),
  labels: LabelsSchema,
  help: LabelsSchema.optional(),
});

export const SectorSchema = z.strictObject({ id: IdSchema, labels: LabelsSchema });

export const RegionSchema = z.strictObject({ code: RegionCodeSchema, labels: LabelsSchema });

/** A question of the reporter form: its title and help text. */
const QuestionSchema = z.strictObject({ labels: LabelsSchema, help: LabelsSchema });

/** One answer of an ordered routing input. `routesNational`: region-level targets go to @national. */
export const RoutingOptionSchema = z.strictObject({
  id: OptionIdSchema,
  labels: LabelsSchema,
  help: LabelsSchema,
  routesNational: z.boolean().optional(),
});
export type RoutingOption = z.infer<typeof RoutingOptionSchema>;

export const RoutingFlagSchema = z.strictObject({ id: IdSchema, labels: LabelsSchema, help: LabelsSchema });

/** Everything the reporter form needs to render the routing questions, in order of the form. */
/**
 * The monthly calculation index (MCI) in tenge, per year (set each year by the budget law), so
 * forms and docs can show tenge next to amounts kept in MCI. The amount options' labels quote it.
 */
export const MciSchema = z.strictObject({
  currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency code such as KZT'),
  values: z.array(z.strictObject({ year: z.int().min(2000).max(2100), value: PositiveInt, basis: z.string().max(300).optional() })).min(1),
});

export const RoutingInputsSchema = z.strictObject({
  category: QuestionSchema,
  sector: QuestionSchema.optional(),
  region: QuestionSchema.extend({ unknownLabels: LabelsSchema }),
  seniority: QuestionSchema.extend({ options: z.array(RoutingOptionSchema).min(1) }),
  /** Ordered from lowest to highest: `amountAtLeast` conditions compare positions in this list. */
  amount: QuestionSchema.extend({ options: z.array(RoutingOptionSchema).min(1), mci: MciSchema.optional() }),
  flags: QuestionSchema.extend({ options: z.array(RoutingFlagSchema) }),
});

export const UnitKindSchema = z.strictObject({ id: IdSchema, labels: LabelsSchema });

export const UnitSchema = z.strictObject({
  id: UnitIdSchema,
  kind: IdSchema,
  region: RegionCodeSchema,
  labels: LabelsSchema,
  keys: z.array(UnitKeySchema),
});
export type Unit = z.infer<typeof UnitSchema>;

/**
 * Where a rule (or an escalation step, or a notification) points: a unit kind, at the level of
 * the report's region or at the national level. For escalation steps, `region` means the region
 * of the unit being escalated from.
 */
export const TargetSchema = z.strictObject({ kind: IdSchema, level: z.enum(['region', 'national']) });
export type Target = z.infer<typeof TargetSchema>;

/** Conditions AND together; `any` holds alternatives of which at least one must hold. */
const LeafConditionSchema = z.strictObject({
  category: z.array(IdSchema).min(1).optional(),
  sector: z.array(IdSchema).min(1).optional(),
  region: z.array(RegionCodeSchema).min(1).optional(),
  seniority: z.array(OptionIdSchema).min(1).optional(),
  amountAtLeast: OptionIdSchema.optional(),
  /** Every listed flag is set. */
  flags: z.array(IdSchema).min(1).optional(),
});
export type LeafCondition = z.infer<typeof LeafConditionSchema>;
export const ConditionSchema = LeafConditionSchema.extend({ any: z.array(LeafConditionSchema).min(2).optional() });
export type Condition = z.infer<typeof ConditionSchema>;

/**
 * A unit the rule also tells about the case ("+ notify aca", "copy ethics"). `view: 'copy'` (the
 * default): it receives a DEK wrap and reads the case read-only in the console's audited copies
 * view. `view: 'none'`: it is only notified that a case concerns it, and receives no wrap (no
 * unit holds a key it cannot use). Neither takes the case or works on it.
 */
export const NotifyTargetSchema = TargetSchema.extend({ view: z.enum(['copy', 'none']).optional() });
export type NotifyTarget = z.infer<typeof NotifyTargetSchema>;

export const RuleSchema = z.strictObject({
  id: RuleIdSchema,
  /** For the custodian and the docs; not shown to reporters. */
  note: z.string().max(300).optional(),
  when: ConditionSchema,
  target: TargetSchema,
  /** Units that are notified of the case; with a copy view they also get a DEK wrap (docs/policy.md §3). */
  notify: z.array(NotifyTargetSchema).optional(),
});
export type Rule = z.infer<typeof RuleSchema>;

/**
 * Conflict exclusion: when a report's routing answers meet `when` (e.g. "the person works in a
 * law-enforcement body"), no unit of the listed kinds, in any region, may hold a key to the case:
 * the rule engine leaves them out of the route, the server refuses wraps to them, and no
 * escalation or transfer moves the case there (docs/policy.md §3). Every matching entry applies.
 */
export const ConflictExclusionSchema = z.strictObject({
  id: RuleIdSchema,
  note: z.string().max(300).optional(),
  when: ConditionSchema,
  excludeKinds: z.array(IdSchema).min(1),
});
export type ConflictExclusion = z.infer<typeof ConflictExclusionSchema>;

export const EscalationSchema = z.strictObject({
  /** Units that take over, in order, when the current holder misses a deadline or declines. */
  chain: z.array(TargetSchema),
  note: z.string().max(300).optional(),
});

/**
 * Who is told, then who takes over, when a case misses a legal clock (SLA), as opposed to the
 * competence chain above (who may handle the matter): first the holding unit's supervisors (the
 * unit head, a role inside the unit), then, if the clock is still missed after another period of
 * the same length, the listed oversight units in order (e.g. the regional prosecutor). A unit
 * is only ever moved to if the case holds its key and no conflict exclusion keeps it away.
 */
export const SlaEscalationSchema = z.strictObject({
  chain: z.array(TargetSchema),
  note: z.string().max(300).optional(),
});

/** Reasons a supervisor may give for extending the answer deadline (reporter templates of core/statusTemplates.ts). */
export const EXTENSION_REASONS = ['extension_complexity', 'extension_awaiting_information'] as const;

/**
 * Extension of the answer deadline (APPC Art. 76: at most two months in total, the applicant
 * told within 3 working days). `maxTotal` is how far past the ORIGINAL answer deadline all
 * extensions together may reach; only a supervisor extends, before the deadline passes, giving
 * one of `reasons`.
 */
export const ExtensionRulesSchema = z.strictObject({
  maxTotal: z.strictObject({ amount: PositiveInt, unit: z.enum(['working_days', 'calendar_days', 'calendar_months']) }),
  reasons: z.array(z.enum(EXTENSION_REASONS)).min(1),
  basis: z.string().max(300).optional(),
});
export type ExtensionRules = z.infer<typeof ExtensionRulesSchema>;

export const DEADLINE_ANCHORS = ['received', 'acknowledged', 'assigned', 'criminal_signs_found', 'extension_decided'] as const;
export type DeadlineAnchor = (typeof DEADLINE_ANCHORS)[number];

export const ReminderSchema = z.strictObject({
  before: PositiveInt,
  unit: z.enum(['working_days', 'calendar_days', 'hours']),
});

export const DeadlineSpecSchema = z.strictObject({
  amount: PositiveInt,
  unit: z.enum(['working_days', 'calendar_days', 'calendar_months']),
  /** The event the period counts from. */
  from: z.enum(DEADLINE_ANCHORS),
  reminders: z.array(ReminderSchema).optional(),
  basis: z.string().max(300).optional(),
});
export type DeadlineSpec = z.infer<typeof DeadlineSpecSchema>;

export const DeadlinesSchema = z.strictObject({
  acknowledge: DeadlineSpecSchema,
  triageDecision: DeadlineSpecSchema,
  answer: DeadlineSpecSchema,
  feedback: DeadlineSpecSchema,
  investigationAlert: DeadlineSpecSchema,
  investigationEscalation: DeadlineSpecSchema,
  criminalReferral: DeadlineSpecSchema,
  competenceDecline: DeadlineSpecSchema.optional(),
  extensionNotice: DeadlineSpecSchema.optional(),
});
export type Deadlines = z.infer<typeof DeadlinesSchema>;

/**
 * The working-day calendar. Times are computed at a fixed UTC offset rather than through the
 * tz database: browsers ship different tzdata versions, and Kazakhstan (one zone, UTC+5 since
 * 1 March 2024, no DST) would otherwise compute differently on a stale browser.
 */
export const CalendarSchema = z.strictObject({
  timezone: z.string().min(1).max(64),
  utcOffsetMinutes: z.int().min(-14 * 60).max(14 * 60),
  /** ISO weekday numbers: 1 = Monday ... 7 = Sunday. */
  weekendDays: z.array(z.int().min(1).max(7)).max(6),
  holidays: z.array(IsoDate),
  /** Weekend dates made working days by decree (day-off transfers). */
  extraWorkingDays: z.array(IsoDate).optional(),
  /**
   * The years whose holidays and transfers were entered and checked. A date outside them counts
   * weekends only, and deadlines falling there are flagged unverified (docs/policy.md §calendar).
   * Absent: the years of the listed holidays.
   */
  years: z.array(z.int().min(2000).max(2200)).optional(),
});
export type Calendar = z.infer<typeof CalendarSchema>;

/**
 * The reveal of a confidential reporter's identity (docs/console.md §Identity reveal): the legal
 * grounds a member may request it on (the fixed list the console offers), and what the
 * reporter's timeline says once it is disclosed: nothing, the unit, the unit and the role of the
 * person who opened it, or also that person's name (`person`; only where the law requires it).
 */
export const IdentityDisclosureSchema = z.strictObject({
  grounds: z.array(z.strictObject({ id: IdSchema, labels: LabelsSchema })).min(1),
  tellReporter: z.enum(['nothing', 'unit', 'unit_and_role', 'person']),
});
export type IdentityDisclosure = z.infer<typeof IdentityDisclosureSchema>;

/**
 * Reporter rewards: the rules text shown to reporters, and how long the reporter's signing public
 * key and the outcome outlive the case file, counted from the final outcome (the court's
 * decision or the end of proceedings, recorded in the console), not from the closure.
 */
export const RewardsSchema = z.strictObject({
  windowDays: PositiveInt,
  rules: LabelsSchema,
});

/**
 * The right to consideration under the administrative procedure code (Kazakhstan: APPC Art. 63):
 * anonymous reports without one of `consideredFlags` set get `label` in the console.
 */
export const AppcConsiderationSchema = z.strictObject({
  consideredFlags: z.array(IdSchema),
  label: LabelsSchema,
});

export const PolicySchema = z.strictObject({
  format: z.literal('cc-policy/1'),
  deploymentId: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'expected a lower-case deployment id'),
  version: PositiveInt,
  validFrom: IsoDateTime,
  validUntil: IsoDateTime,
  /** 16 random bytes, base64url: the Argon2id salt that turns case codes into case secrets. */
  deploymentSalt: z.string().refine((s) => isBase64urlOfLength(s, 16), 'expected 16 bytes in base64url'),
  languages: z.array(LanguageSchema).min(1),
  categories: z.array(CategorySchema).min(1),
  sectors: z.array(SectorSchema).optional(),
  /** The bare country code standing for "national level / central state bodies". */
  nationalRegion: RegionCodeSchema,
  regions: z.array(RegionSchema).min(1),
  routingInputs: RoutingInputsSchema,
  unitKinds: z.array(UnitKindSchema).min(1),
  units: z.array(UnitSchema).min(1),
  /** Ordered; the first rule that matches wins. */
  rules: z.array(RuleSchema).min(1),
  /** Keyed by unit kind. A kind without an entry has no chain. */
  escalation: z.record(IdSchema, EscalationSchema),
  triageUnit: UnitIdSchema,
  /** Units that must never receive a case about their own body (optional; none if absent). */
  conflictExclusions: z.array(ConflictExclusionSchema).optional(),
  /** Unit kinds that never receive a confidential reporter's identity key (e.g. the employer's own compliance). */
  identityExcludedKinds: z.array(IdSchema).optional(),
  /** X25519 key of an oversight body that receives a wrap of every case, if set. */
  oversightPublicKey: X25519PublicKeySchema.optional(),
  deadlines: DeadlinesSchema,
  /** SLA escalation for missed clocks (absent: missed clocks are flagged for the unit's supervisors only). */
  slaEscalation: SlaEscalationSchema.optional(),
  /** Extension rules (absent: no extension is possible). */
  extensions: ExtensionRulesSchema.optional(),
  calendar: CalendarSchema,
  retention: z.strictObject({
    closedCaseDays: PositiveInt,
    identityPurgeDaysUnsubstantiated: PositiveInt,
    auditLogDaysAfterCase: PositiveInt,
  }),
  /** Submission times shown to investigators are rounded down to this many minutes. */
  timeRoundingMinutes: z.int().min(1).max(24 * 60),
  statistics: z.strictObject({ kAnonymityThreshold: z.int().min(2), publicationDelayDays: z.int().min(0) }),
  limits: z.strictObject({ maxBodyBytes: PositiveInt, maxFileBytes: PositiveInt, maxCaseBytes: PositiveInt }),
  /** Grounds and reporter notice for identity reveals; absent: the console offers no reveal. */
  identityDisclosure: IdentityDisclosureSchema.optional(),
  /** Reward rules and the window the proof of authorship is kept (docs/policy.md §Rewards). */
  rewards: RewardsSchema.optional(),
  /** Which anonymous reports have no right to consideration (the console's label). */
  appcConsideration: AppcConsiderationSchema.optional(),
});

/** A parsed, cross-checked policy. Obtain it only from parsePolicySource / verifySignedPolicy. */
export type Policy = z.output<typeof PolicySchema>;
/** The JSON a custodian edits (what gets signed). */
export type PolicySource = z.input<typeof PolicySchema>;

export const SignedPolicySchema = z.strictObject({
  format: z.literal('cc-signed-policy/1'),
  policy: z.unknown(),
  signature: z.strictObject({
    alg: z.literal('Ed25519'),
    keyId: z.string().min(1).max(128),
    value: z.string().min(1).max(200),
  }),
});
export type SignedPolicy = z.infer<typeof SignedPolicySchema>;
