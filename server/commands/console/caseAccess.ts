import { forbidden, notFound } from '../../../core/errors';
import { Case } from '../../models/Case';
import { Membership } from '../../models/Membership';

export type MembershipDoc = {
  _id: string;
  unitId: string;
  investigatorId: string;
  role: 'member' | 'supervisor';
  active: boolean;
  grants: { generation: number; sealed: string; recipientKeyId: string; grantedBy?: string }[];
  openCases: number;
};

/** The fields of a case the console commands work with. */
export type ConsoleCase = {
  _id: string;
  caseToken: string;
  rev: number;
  status: string;
  outcome?: string;
  unitId?: string;
  assigneeId?: string;
  chain?: string[];
  routing: Record<string, unknown>;
  confidential: boolean;
  wraps: { unitId: string; generation: number; wrap: Record<string, unknown> }[];
  identity?: { sealed?: unknown; wraps?: { unitId: string; generation: number; wrap: Record<string, unknown> }[] };
  notesWraps?: { unitId: string; generation: number; wrap: Record<string, unknown> }[];
  recusedIds?: string[];
  deadlines?: Record<string, Date | undefined>;
  labels?: string[];
  overdue?: string[];
  attachments?: { fileId: string; contentId: string; meta: unknown; size: number; from: string }[];
  policyVersion: number;
};

/** The active memberships of an investigator (the units whose cases they may see). */
export async function activeMemberships(investigatorId: string): Promise<MembershipDoc[]> {
  return Membership.find({ investigatorId, active: true }).lean<MembershipDoc[]>();
}

// One answer for "no such case" and "not yours": an investigator of unit A cannot learn
// whether a case id of unit B exists.
const caseNotFound = () => notFound('case_not_found', 'No such case in your units.');

export type CaseAccessOptions = {
  /** The member's role in the case's unit must be supervisor (403 `supervisor_only`). */
  supervisor?: boolean;
  /** Only the case's assignee or a supervisor of its unit (403 `assignee_or_supervisor_only`): closing, extending. */
  assigneeOrSupervisor?: boolean;
  /**
   * Skip the key check. Only for steps that reduce the caller's own access (recusal): refusing
   * them to someone without the key would gain nothing.
   */
  withoutKey?: boolean;
};

/**
 * True if the membership holds a grant of a unit key generation the case's key is wrapped to,
 * i.e. the member can open the case. A membership alone is paperwork an administrator can do
 * (even for themselves); the key is what a colleague or the custodian must hand over.
 */
export function holdsCaseKey(membership: Pick<MembershipDoc, 'grants'>, kase: Pick<ConsoleCase, 'unitId' | 'wraps'>): boolean {
  const sealedTo = new Set((kase.wraps ?? []).filter((w) => w.unitId === kase.unitId).map((w) => w.generation));
  return membership.grants.some((g) => sealedTo.has(g.generation));
}

/**
 * Loads a case the investigator may work on: routed to a unit they are an active member of,
 * not purged, not one they recused themselves from, and sealed to a unit key generation they
 * hold (403 `unit_key_required` otherwise: every case action, reads included, needs the key,
 * so nobody acts on a case they cannot read). `supervisor` and `assigneeOrSupervisor` add the
 * role checks (403 once the case is known to be theirs).
 */
export async function caseForMember(caseId: string, investigatorId: string, options: CaseAccessOptions = {}) {
  // By `_id` alone, checked here: FerretDB answers only that query without reading every case.
  const found = await Case.findOne({ _id: caseId }).lean<ConsoleCase & { purgedAt?: Date }>();
  if (!found?.unitId || found.purgedAt || found.recusedIds?.includes(investigatorId)) throw caseNotFound();
  const membership = await Membership.findOne({ investigatorId, unitId: found.unitId, active: true }).lean<MembershipDoc>();
  if (!membership) throw caseNotFound();
  if (options.supervisor && membership.role !== 'supervisor') throw forbidden('supervisor_only', 'Only a supervisor of the unit may do this.');
  if (!options.withoutKey && !holdsCaseKey(membership, found)) {
    throw forbidden('unit_key_required', 'You do not hold the unit key this case is sealed to: a colleague or the key custodian must grant it to you first.');
  }
  if (options.assigneeOrSupervisor && found.assigneeId !== investigatorId && membership.role !== 'supervisor') {
    throw forbidden('assignee_or_supervisor_only', 'Only the assignee of the case or a supervisor of the unit may do this.');
  }
  return { kase: found, membership };
}

/** Ids of the cases this investigator recused from (hidden from their unit views and notifications). */
export async function recusedCaseIds(investigatorId: string): Promise<Set<string>> {
  const cases = await Case.find({ recusedIds: investigatorId }, { _id: 1 }).limit(10_000).lean<{ _id: string }[]>();
  return new Set(cases.map((c) => c._id));
}

/** The unit membership needed for unit views; supervisor-only views also accept administrators. */
export async function unitAccess(unitId: string, viewer: { id: string; role: string }, options: { supervisor?: boolean; admin?: boolean } = {}) {
  const membership = await Membership.findOne({ investigatorId: viewer.id, unitId, active: true }).lean<MembershipDoc>();
  if (options.admin && viewer.role === 'admin') return membership;
  if (!membership) throw notFound('unit_not_found', 'You are not a member of this unit.');
  if (options.supervisor && membership.role !== 'supervisor') throw forbidden('supervisor_only', 'Only a supervisor of the unit may do this.');
  return membership;
}
