import { useEffect, useState } from 'preact/hooks';
import { categoryLabel, regionLabel, sectorLabel, unitLabel } from '../../../core/policy';
import { fromUtf8, openReportBody, unwrapDek, type CaseToken, type Envelope } from '../../../core/crypto';
import { useI18n } from '../../shared/i18n';
import { api } from '../api';
import type { Keyring } from '../keyring';
import { unitKeyFor, type ReportBody, type UnitWrap } from '../caseCrypto';
import { ErrorBox, useAction } from '../ui';
import { formatDate } from './parts';

type Routing = { category: string; sector?: string; region: string; seniority: string; amount: string; flags: string[] };
type CopyRow = { id: string; status: string; outcome: string | null; routing: Routing; holdingUnit: string | null; copyUnit: string; receivedAt: string };
type CopyView = CopyRow & { caseToken: CaseToken; body: Envelope; wraps: UnitWrap[]; timeline: { kind: string; at: string }[] };

/**
 * Read-only copies for units a routing rule notified ("+ notify aca", "copy ethics"): the list,
 * and one copy decrypted in this page with the copy unit's key. No action on the case is offered
 * here: the holding unit works on it (docs/console.md §Copies). Opening a copy is audited.
 */
export function CopiesPage({ keyring, caseId }: { keyring: Keyring; caseId?: string }) {
  return caseId ? <CopyCase keyring={keyring} caseId={caseId} /> : <CopyList keyring={keyring} />;
}

function CopyList({ keyring }: { keyring: Keyring }) {
  const { t, lang } = useI18n();
  const { policy } = keyring;
  const [rows, setRows] = useState<CopyRow[]>();
  const { error, run } = useAction();
  useEffect(() => {
    void run(async () => setRows((await api.get<{ items: CopyRow[] }>('/copies')).items));
  }, []);
  return (
    <section data-testid="copies">
      <h1>{t('console.copies.title')}</h1>
      <p class="help">{t('console.copies.intro')}</p>
      <ErrorBox text={error} />
      {rows && rows.length === 0 && <p data-testid="copies-empty">{t('console.copies.empty')}</p>}
      {rows && rows.length > 0 && (
        <table class="cases">
          <thead>
            <tr>
              <th>{t('console.inbox.case')}</th>
              <th>{t('console.inbox.category')}</th>
              <th>{t('console.inbox.region')}</th>
              <th>{t('console.inbox.status')}</th>
              <th>{t('console.copies.holding')}</th>
              <th>{t('console.copies.copyUnit')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr data-copy-id={r.id}>
                <td>
                  <a href={`#copy/${r.id}`}>{r.id.slice(0, 8)}</a> · {formatDate(r.receivedAt, lang)}
                </td>
                <td>{categoryLabel(policy, r.routing.category, lang)}</td>
                <td>{regionLabel(policy, r.routing.region, lang)}</td>
                <td>{t(`console.status.${r.status}`)}</td>
                <td>{r.holdingUnit ? unitLabel(policy, r.holdingUnit, lang) : '—'}</td>
                <td>{unitLabel(policy, r.copyUnit, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function CopyCase({ keyring, caseId }: { keyring: Keyring; caseId: string }) {
  const { t, lang } = useI18n();
  const { policy } = keyring;
  const [view, setView] = useState<CopyView>();
  const [body, setBody] = useState<ReportBody | null>();
  const { error, run } = useAction();
  useEffect(() => {
    void run(async () => {
      const v = await api.get<CopyView>(`/copies/${caseId}`);
      setView(v);
      const found = unitKeyFor(keyring, v.wraps);
      try {
        const dek = unwrapDek(found!.wrap.wrap, found!.key);
        setBody(JSON.parse(fromUtf8(openReportBody(dek, v.caseToken, v.body))) as ReportBody);
      } catch {
        setBody(null); // no key of the copy unit on this account, or an altered body
      }
    });
  }, [caseId]);
  if (!view) return <ErrorBox text={error} />;
  const r = view.routing;
  const holding = view.holdingUnit ? unitLabel(policy, view.holdingUnit, lang) : '—';
  return (
    <article data-testid="copy" data-case-id={view.id}>
      <p>
        <a href="#copies">{t('console.copies.back')}</a>
      </p>
      <h1>{t('console.copies.title1', { ref: view.id.slice(0, 8) })}</h1>
      <p class="notice" role="note" data-testid="copy-read-only">{t('console.copies.readOnly', { unit: holding })}</p>
      <dl class="facts">
        <dt>{t('console.inbox.status')}</dt>
        <dd>{t(`console.status.${view.status}`)}{view.outcome ? ` · ${t(`console.outcome.${view.outcome}`)}` : ''}</dd>
        <dt>{t('console.copies.copyUnit')}</dt>
        <dd>{unitLabel(policy, view.copyUnit, lang)}</dd>
        <dt>{t('console.inbox.category')}</dt>
        <dd>{categoryLabel(policy, r.category, lang)}{r.sector ? ` · ${sectorLabel(policy, r.sector, lang)}` : ''}</dd>
        <dt>{t('console.inbox.region')}</dt>
        <dd>{regionLabel(policy, r.region, lang)}</dd>
        <dt>{t('console.case.received')}</dt>
        <dd>{formatDate(view.receivedAt, lang)}</dd>
      </dl>
      <section>
        <h2>{t('console.case.report')}</h2>
        {body ? (
          <>
            <p class="report-text" data-testid="copy-text">{body.description}</p>
            {(['when', 'where', 'who', 'evidence'] as const)
              .filter((k) => body[k])
              .map((k) => (
                <p>
                  <strong>{t(`console.case.${k}`)}:</strong> <span class="report-text">{body[k]}</span>
                </p>
              ))}
          </>
        ) : body === null ? (
          <p class="error">{t('console.case.cannotOpen')}</p>
        ) : null}
      </section>
    </article>
  );
}
