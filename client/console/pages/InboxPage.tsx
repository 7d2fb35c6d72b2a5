import { useEffect, useState } from 'preact/hooks';
import { categoryLabel, regionLabel, unitLabel } from '../../../core/policy';
import { useI18n } from '../../shared/i18n';
import { api } from '../api';
import type { Keyring } from '../keyring';
import { DeadlineBadge } from './parts';
import { ErrorBox, useAction } from '../ui';

type Row = {
  id: string;
  routing: { category: string; region: string };
  status: string;
  unitId: string;
  mine: boolean;
  assigneeId: string | null;
  assigneeName: string | null;
  dueAt: string | null;
  deadlineState: 'overdue' | 'due_soon' | 'on_time' | 'none';
  labels: string[];
  confidential: boolean;
  messageCount: number;
};
type Filters = { status: string; category: string; region: string; deadline: string; mine: boolean; unit: string; ref: string };
const EMPTY: Filters = { status: 'open', category: '', region: '', deadline: '', mine: false, unit: '', ref: '' };
const REF = /^[A-Za-z0-9_-]{4,22}$/;

/** The cases of my units, nearest deadline first; filtering and paging happen on the server. */
export function InboxPage({ keyring, open }: { keyring: Keyring; open: (caseId: string) => void }) {
  const { t, lang } = useI18n();
  const { policy } = keyring;
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [page, setPage] = useState(1);
  const [rows, setRows] = useState<Row[]>();
  const [hasMore, setHasMore] = useState(false);
  const [total, setTotal] = useState(0);
  const { error, run } = useAction();
  const [notes, setNotes] = useState<{ _id: string; kind: string; caseId: string; caseRef: string; read: boolean }[]>([]);
  useEffect(() => {
    api.get<{ items: typeof notes }>('/notifications').then((r) => setNotes(r.items.filter((n) => !n.read).slice(0, 10)), () => undefined);
  }, []);

  useEffect(() => {
    void run(async () => {
      const q = new URLSearchParams({ page: String(page), pageSize: '50' });
      for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v === true ? '1' : String(v));
      const res = await api.get<{ items: Row[]; hasMore: boolean; total: number }>(`/cases?${q}`);
      setRows(res.items);
      setHasMore(res.hasMore);
      setTotal(res.total);
    });
  }, [filters, page]);

  const set = (k: keyof Filters) => (e: Event) => {
    const el = e.target as HTMLInputElement;
    setPage(1);
    setFilters({ ...filters, [k]: el.type === 'checkbox' ? el.checked : el.value });
  };
  const select = (k: keyof Filters, label: string, options: [string, string][]) => (
    <div class="filter">
      <label for={`f-${k}`}>{label}</label>
      <select id={`f-${k}`} value={String(filters[k])} onChange={set(k)}>
        {options.map(([v, text]) => (
          <option value={v}>{text}</option>
        ))}
      </select>
    </div>
  );
  const any: [string, string] = ['', t('console.inbox.any')];
  /** A case someone quotes by its reference: searched in every status of my units. */
  const [ref, setRef] = useState('');
  const findRef = (e: Event) => {
    e.preventDefault();
    const wanted = ref.trim();
    setPage(1);
    setFilters(wanted ? { ...EMPTY, status: 'all', ref: wanted } : EMPTY);
  };
  const refInvalid = ref.trim() !== '' && !REF.test(ref.trim());
  /** Marks notifications read on the server, then drops them here (a failure leaves them listed). */
  const markRead = (body: { ids: string[] } | { all: true }) =>
    api.post('/notifications/read', body).then(
      () => setNotes('all' in body ? [] : notes.filter((n) => !body.ids.includes(n._id))),
      () => undefined,
    );
  const openFromNotice = (caseId: string) => {
    void markRead({ ids: notes.filter((n) => n.caseId === caseId).map((n) => n._id) });
    open(caseId);
  };

  return (
    <section data-testid="inbox">
      <h1>{t('console.inbox.title')}</h1>
      <form class="filters" role="search" data-testid="find-ref" onSubmit={findRef}>
        <div class="filter">
          <label for="f-ref">{t('console.inbox.ref')}</label>
          <input id="f-ref" value={ref} maxLength={22} autoComplete="off" spellcheck={false} aria-invalid={refInvalid} aria-describedby="f-ref-help" onInput={(e) => setRef((e.target as HTMLInputElement).value)} />
          <span id="f-ref-help" class="help">{refInvalid ? t('console.inbox.refInvalid') : t('console.inbox.refHelp')}</span>
        </div>
        <div class="filter check">
          <button type="submit" disabled={refInvalid}>{t('console.inbox.find')}</button>
        </div>
      </form>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        {select('status', t('console.inbox.status'), [['open', t('console.inbox.open')], ...['received', 'acknowledged', 'assessment', 'investigation', 'closed'].map((s): [string, string] => [s, t(`console.status.${s}`)]), ['all', t('console.inbox.all')]])}
        {select('category', t('console.inbox.category'), [any, ...policy.categories.map((c): [string, string] => [c.id, categoryLabel(policy, c.id, lang)])])}
        {select('region', t('console.inbox.region'), [any, ...policy.regions.map((r): [string, string] => [r.code, regionLabel(policy, r.code, lang)])])}
        {select('deadline', t('console.inbox.deadline'), [any, ...['overdue', 'due_soon', 'on_time'].map((d): [string, string] => [d, t(`console.deadline.${d}`)])])}
        {select('unit', t('console.inbox.unit'), [any, ...keyring.units.map((u): [string, string] => [u.unitId, unitLabel(policy, u.unitId, lang)])])}
        <div class="filter check">
          <input id="f-mine" type="checkbox" checked={filters.mine} onChange={set('mine')} />
          <label for="f-mine">{t('console.inbox.mine')}</label>
        </div>
      </form>
      {notes.length > 0 && (
        <aside class="notice" data-testid="notifications">
          <strong>{t('console.inbox.notifications')}</strong>
          <ul>
            {notes.map((n) => (
              <li>
                {t(`console.notifications.${n.kind}`, { defaultValue: n.kind })} —{' '}
                {/* A notified unit: `copy` opens the read-only copies view; `notice` gives no access, so no link. */}
                {n.kind === 'notice' || n.kind === 'policy_expiry' ? (
                  n.caseRef
                ) : n.kind === 'copy' ? (
                  <a href={`#copy/${n.caseId}`} onClick={() => void markRead({ ids: [n._id] })}>{n.caseRef}</a>
                ) : (
                  <a href={`#case/${n.caseId}`} onClick={(e) => { e.preventDefault(); openFromNotice(n.caseId); }}>{n.caseRef}</a>
                )}
              </li>
            ))}
          </ul>
          <button type="button" class="link" data-testid="notifications-read" onClick={() => void markRead({ all: true })}>
            {t('console.inbox.markAllRead')}
          </button>
        </aside>
      )}
      <ErrorBox text={error} />
      {rows && rows.length === 0 && <p data-testid="inbox-empty">{t('console.inbox.empty')}</p>}
      {rows && rows.length > 0 && (
        <div class="table-scroll">
          <table class="inbox">
            <thead>
              <tr>
                <th>{t('console.inbox.case')}</th>
                <th>{t('console.inbox.category')}</th>
                <th>{t('console.inbox.region')}</th>
                <th>{t('console.inbox.status')}</th>
                <th>{t('console.inbox.deadline')}</th>
                <th>{t('console.inbox.assignee')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr data-case-id={r.id} class={r.deadlineState}>
                  <td>
                    <a href={`#case/${r.id}`} onClick={(e) => { e.preventDefault(); open(r.id); }}>
                      {r.id.slice(0, 8)}
                    </a>
                    {r.confidential && <span class="tag">{t('console.case.confidential')}</span>}
                  </td>
                  <td>{categoryLabel(policy, r.routing.category, lang)}</td>
                  <td>{regionLabel(policy, r.routing.region, lang)}</td>
                  <td>{t(`console.status.${r.status}`)}</td>
                  <td>
                    <DeadlineBadge state={r.deadlineState} due={r.dueAt} />
                  </td>
                  <td>{r.mine ? t('console.inbox.me') : r.assigneeId ? (r.assigneeName ?? t('console.inbox.colleague')) : t('console.inbox.nobody')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div class="actions">
        <button type="button" disabled={page === 1} onClick={() => setPage(page - 1)}>
          {t('console.inbox.previous')}
        </button>
        <span class="status" data-testid="inbox-count">
          {t('console.inbox.page', { page })}
          {rows && rows.length > 0 ? ` · ${t('console.inbox.range', { from: (page - 1) * 50 + 1, to: (page - 1) * 50 + rows.length, total })}` : ''}
        </span>
        <button type="button" disabled={!hasMore} onClick={() => setPage(page + 1)}>
          {t('console.inbox.next')}
        </button>
      </div>
    </section>
  );
}
