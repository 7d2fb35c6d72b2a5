import { useEffect, useState } from 'preact/hooks';
import { categoryLabel, regionLabel, unitLabel } from '../../../core/policy';
import { useI18n } from '../../shared/i18n';
import { api } from '../api';
import type { Keyring } from '../keyring';
import { ErrorBox, useAction } from '../ui';
import { formatDate } from './parts';

type Workload = {
  openCases: number;
  byStatus: Record<string, number>;
  unassigned: number;
  members: { id: string; name: string; role: string; assignedOpen: number; hasGrant: boolean; state: string }[];
  overdue: { id: string; status: string; assigneeId: string | null; nextDue: string | null; routing: { category: string; region: string } }[];
  overdueCount: number;
};
type Audit = { entries: { seq: number; at: string; actor: string; action: string; details: Record<string, unknown> }[]; verification: { ok: boolean; entries: number; broken: { seq: number; reason: string } | null } };

/** Workload, overdue cases and the unit's audit trail with its chain verified on the server. */
export function SupervisorPage({ keyring, open }: { keyring: Keyring; open: (caseId: string) => void }) {
  const { t, lang } = useI18n();
  const units = keyring.units.filter((u) => u.role === 'supervisor').map((u) => u.unitId);
  const [unit, setUnit] = useState(units[0] ?? '');
  const [workload, setWorkload] = useState<Workload>();
  const [audit, setAudit] = useState<Audit>();
  const { error, run } = useAction();
  useEffect(() => {
    if (!unit) return;
    void run(async () => {
      setWorkload(await api.get<Workload>(`/units/${unit}/workload`));
      setAudit(await api.get<Audit>(`/units/${unit}/audit`));
    });
  }, [unit]);
  if (units.length === 0) return <p>{t('console.supervisor.none')}</p>;
  const names = new Map(workload?.members.map((m) => [m.id, m.name]));
  return (
    <section data-testid="supervisor">
      <h1>{t('console.supervisor.title')}</h1>
      <label for="sup-unit">{t('console.inbox.unit')}</label>
      <select id="sup-unit" value={unit} onChange={(e) => setUnit((e.target as HTMLSelectElement).value)}>
        {units.map((u) => <option value={u}>{unitLabel(keyring.policy, u, lang)}</option>)}
      </select>
      {workload && (
        <>
          <h2>{t('console.supervisor.workload')}</h2>
          <p>{t('console.supervisor.summary', { open: workload.openCases, overdue: workload.overdueCount, unassigned: workload.unassigned })}</p>
          <table>
            <thead><tr><th>{t('console.supervisor.member')}</th><th>{t('console.supervisor.openAssigned')}</th><th>{t('console.supervisor.key')}</th></tr></thead>
            <tbody>
              {workload.members.map((m) => (
                <tr><td>{m.name}{m.state === 'disabled' ? ` (${t('console.admin.state_disabled')})` : ''}</td><td>{m.assignedOpen}</td><td>{m.hasGrant ? '✓' : t('console.units.waitingKey')}</td></tr>
              ))}
            </tbody>
          </table>
          <h2>{t('console.supervisor.overdue')}</h2>
          <ul data-testid="overdue">
            {workload.overdue.map((c) => (
              <li>
                <a href={`#case/${c.id}`} onClick={(e) => { e.preventDefault(); open(c.id); }}>{c.id.slice(0, 8)}</a> — {categoryLabel(keyring.policy, c.routing.category, lang)}, {regionLabel(keyring.policy, c.routing.region, lang)} — {c.nextDue ? formatDate(c.nextDue, lang) : ''} — {c.assigneeId ? (names.get(c.assigneeId) ?? '?') : t('console.supervisor.unassignedCase')}
              </li>
            ))}
          </ul>
        </>
      )}
      {audit && (
        <>
          <h2>{t('console.supervisor.audit')}</h2>
          <p class={audit.verification.ok ? 'ok' : 'error'} data-testid="audit-verification">
            {audit.verification.ok ? t('console.audit.ok', { n: audit.verification.entries }) : t('console.audit.broken', { seq: audit.verification.broken?.seq, reason: audit.verification.broken?.reason })}
          </p>
          <ol class="audit" reversed>
            {audit.entries.map((e) => (
              <li>
                {formatDate(e.at, lang)} · {names.get(e.actor) ?? e.actor.slice(0, 8)} · <code>{e.action}</code> {Object.keys(e.details).length > 0 && <span class="help mono">{JSON.stringify(e.details)}</span>}
              </li>
            ))}
          </ol>
        </>
      )}
      <ErrorBox text={error} />
    </section>
  );
}
