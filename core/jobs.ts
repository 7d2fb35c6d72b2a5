/**
 * Background jobs as a typed union, and which queue each job runs on. Payloads hold only
 * opaque ids (never case codes or content). Shared by the API (enqueue) and the workers.
 */
export const QUEUES = ['route', 'notify', 'deadlines', 'retention', 'system'] as const;
export type QueueName = (typeof QUEUES)[number];
/**
 * The queues whose jobs are about one case, queued because a reporter acted (submitted, wrote):
 * Redis keeps nothing of them once done, no event stream, no finished job (server/queues).
 */
export const CASE_QUEUES: readonly QueueName[] = ['route', 'notify'];

export type JobPayloads = {
  /** Health round trip: the worker echoes the nonce back as the job's return value. */
  'system.health': { nonce: string };
  /** Route a stored case to its unit. Job id = case id, so queuing it twice is a no-op. */
  'case.route': { caseId: string };
  /**
   * Tell the investigators concerned (assignee, else the unit's members; supervisors too for
   * overdue and escalation) in the console and by mail. The mail carries no case data.
   */
  'case.notify': { kind: NotifyKind; caseId: string; /** `copy`/`notice`: the notified unit whose members are told. */ unitId?: string };
  /** Repeatable: queue again the cases left unrouted (a lost job, a lost Redis). */
  'cases.reconcile': Record<string, never>;
  /** Repeatable: reminders, overdue flags and escalation of missed deadlines. */
  'deadlines.scan': Record<string, never>;
  /** Repeatable: crypto-shred closed cases past retention; drop expired uploads. */
  'retention.purge': Record<string, never>;
  /** Repeatable: recompute the published statistics (suppressed aggregates of case metadata). */
  'statistics.compute': Record<string, never>;
  /**
   * Repeatable, every minute: what must wait for the end of its rounding bucket (mails about
   * notifications, audit entries about reporters' events) goes out once the bucket has ended.
   */
  'buckets.flush': Record<string, never>;
  /** Repeatable, hourly check: sign an anchor of the audit chains once per UTC day (server/audit/anchors.ts). */
  'audit.anchor': Record<string, never>;
};

/** `policy_expiry`: not about a case; written by the expiry check (workers/tasks/expiryWarningTask.ts), never queued. */
export const NOTIFY_KINDS = ['new_case', 'assigned', 'reminder', 'overdue', 'escalation', 'message', 'copy', 'notice', 'policy_expiry'] as const;
export type NotifyKind = (typeof NOTIFY_KINDS)[number];

export type JobName = keyof JobPayloads;

export const QUEUE_OF: { [K in JobName]: QueueName } = {
  'system.health': 'system',
  'case.route': 'route',
  'case.notify': 'notify',
  'cases.reconcile': 'system',
  'deadlines.scan': 'deadlines',
  'retention.purge': 'retention',
  'statistics.compute': 'system',
  'buckets.flush': 'system',
  'audit.anchor': 'system',
};
