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

/**
 * Loads a case the investigator may work on: routed to a unit they are an active member of,
 * not purged, and not one they recused themselves from. `supervisor` also requires the
 * member's role in that unit to be supervisor (403 once the case is known to be theirs).
 */
export async function caseForMember(caseId: string, investigatorId: string, options: { supervisor?: boolean } = {}) {
  // By `_id` alone, checked here: FerretDB answers only that query without reading every case.
  const found = await Case.findOne({ _id: caseId }).lean<ConsoleCase & { purgedAt?: Date }>();
  if (!found?.unitId || found.purgedAt || found.recusedIds?.includes(investigatorId)) throw caseNotFound();
  const membership = await Membership.findOne({ investigatorId, unitId: found.unitId, active: true }).lean<MembershipDoc>();
  if (!membership) throw caseNotFound();
  if (options.supervisor && membership.role !== 'supervisor') throw forbidden('supervisor_only', 'Only a supervisor of the unit may do this.');
  return { kase: found, membership };
}

/** The unit membership needed for unit views; supervisor-only views also accept administrators. */
export async function unitAccess(unitId: string, viewer: { id: string; role: string }, options: { supervisor?: boolean; admin?: boolean } = {}) {
  const membership = await Membership.findOne({ investigatorId: viewer.id, unitId, active: true }).lean<MembershipDoc>();
  if (options.admin && viewer.role === 'admin') return membership;
  if (!membership) throw notFound('unit_not_found', 'You are not a member of this unit.');
  if (options.supervisor && membership.role !== 'supervisor') throw forbidden('supervisor_only', 'Only a supervisor of the unit may do this.');
  return membership;
}
