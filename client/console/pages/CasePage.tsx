import { useEffect, useState } from 'preact/hooks';
import { categoryLabel, labelOf, regionLabel, sectorLabel, unitLabel } from '../../../core/policy';
import { REPORTER_TEMPLATES, isReporterTemplate } from '../../../core/statusTemplates';
import type { Language } from '../../../core/policy';
import { useI18n } from '../../shared/i18n';
import { api } from '../api';
import type { Keyring } from '../keyring';
import { openCase, type CaseView, type OpenedCase } from '../caseCrypto';
import { ErrorBox, useAction } from '../ui';
import { CaseActions } from './CaseActions';
import { CaseDeadlines } from './CaseDeadlines';
import { CaseFiles } from './CaseFiles';
import { CaseThread } from './CaseThread';
import { CaseNotes } from './CaseNotes';
import { CaseIdentity } from './CaseIdentity';
import { CaseRewards } from './CaseRewards';
import { noAppcConsideration } from './appcLabel';
import { DeadlineBadge, formatDate } from './parts';

/** One case, decrypted in this page: nothing readable ever comes from the server. */
export function CasePage({ keyring, caseId, back }: { keyring: Keyring; caseId: string; back: () => void }) {
  const { t, lang } = useI18n();
  const { policy } = keyring;
  const [view, setView] = useState<CaseView>();
  const [opened, setOpened] = useState<OpenedCase>();
  const { error, run } = useAction();

  const load = () =>
    run(async () => {
      const v = await api.get<CaseView>(`/cases/${caseId}`);
      setView(v);
      setOpened(openCase(keyring, v));
    });
  useEffect(() => {
    void load();
  }, [caseId]);

  if (!view || !opened) return <ErrorBox text={error} />;
  const r = view.routing;
  const body = opened.body;
  const details = body.ok ? (['when', 'where', 'who', 'evidence'] as const).filter((k) => body.value[k]) : [];

  const appcLabel = noAppcConsideration(policy, view, lang);

  return (
    <article data-testid="case" data-case-id={view.id}>
      <p>
        <button type="button" class="link" onClick={back}>
          {t('console.case.back')}
        </button>
      </p>
      <h1>{t('console.case.title', { ref: view.id.slice(0, 8) })}</h1>
      <dl class="facts">
        <dt>{t('console.inbox.status')}</dt>
        <dd data-testid="case-status">{t(`console.status.${view.status}`)}{view.outcome ? ` · ${t(`console.outcome.${view.outcome}`)}` : ''}</dd>
        <dt>{t('console.inbox.unit')}</dt>
        <dd>{unitLabel(policy, view.unitId, lang)}</dd>
        <dt>{t('console.inbox.category')}</dt>
        <dd>{categoryLabel(policy, r.category, lang)}{r.sector ? ` · ${sectorLabel(policy, r.sector, lang)}` : ''}</dd>
        <dt>{t('console.inbox.region')}</dt>
        <dd>{regionLabel(policy, r.region, lang)}</dd>
        <dt>{t('console.case.seniority')}</dt>
        <dd>{labelOf(policy, 'seniority', r.seniority, lang)} · {labelOf(policy, 'amount', r.amount, lang)}</dd>
        {r.flags.length > 0 && (
          <>
            <dt>{t('console.case.flags')}</dt>
            <dd>{r.flags.map((f) => labelOf(policy, 'flag', f, lang)).join('; ')}</dd>
          </>
        )}
        <dt>{t('console.case.received')}</dt>
        <dd>{formatDate(view.receivedAt, lang)}</dd>
        {view.sealedBy === 'server' && (
          <>
            <dt>{t('console.case.sealing')}</dt>
            <dd data-testid="sealed-by-server">{t('console.case.sealedByServer')}</dd>
          </>
        )}
        <dt>{t('console.inbox.deadline')}</dt>
        <dd>
          <DeadlineBadge state={caseDeadline(view).state} due={caseDeadline(view).due} />
        </dd>
        <dt>{t('console.inbox.assignee')}</dt>
        <dd>{view.members.find((m) => m.id === view.assigneeId)?.name ?? t('console.inbox.nobody')}</dd>
        {appcLabel && (
          <>
            <dt>{t('console.case.appc')}</dt>
            <dd class="notice" data-testid="no-appc-consideration">{appcLabel}</dd>
          </>
        )}
        {view.labels.length > 0 && (
          <>
            <dt>{t('console.case.labels')}</dt>
            <dd>{view.labels.map((l) => t(`console.labels.${l}`)).join(', ')}</dd>
          </>
        )}
      </dl>

      <section>
        <h2>{t('console.case.report')}</h2>
        {body.ok ? (
          <>
            <p class="report-text" data-testid="report-text">{body.value.description}</p>
            {details.map((k) => (
              <p>
                <strong>{t(`console.case.${k}`)}:</strong> <span class="report-text">{body.value[k]}</span>
              </p>
            ))}
            {body.value.lang && <p class="help">{t('console.case.writtenIn', { lang: body.value.lang })}</p>}
          </>
        ) : (
          <p class="error">{t('console.case.cannotOpen')}</p>
        )}
      </section>

      {view.confidential && <CaseIdentity keyring={keyring} view={view} myId={keyring.account.id} />}

      <CaseFiles view={view} opened={opened} />
      <CaseThread view={view} opened={opened} reload={load} />
      <CaseNotes keyring={keyring} view={view} opened={opened} reload={load} />
      <CaseDeadlines keyring={keyring} view={view} reload={load} />
      <CaseActions keyring={keyring} view={view} opened={opened} reload={load} left={back} />
      <CaseRewards keyring={keyring} view={view} reload={() => void load()} />

      <section>
        <h2>{t('console.case.timeline')}</h2>
        <ol class="timeline">
          {view.timeline.map((e) => (
            <li>
              {formatDate(e.at, lang)} — {t(`console.timeline.${e.kind}`, { status: e.status ? t(`console.status.${e.status}`) : '', count: e.days })}
              {e.template && isReporterTemplate(e.template) && <span class="help"> «{REPORTER_TEMPLATES[e.template][lang as Language] ?? REPORTER_TEMPLATES[e.template].en}»</span>}
            </li>
          ))}
        </ol>
      </section>
      <ErrorBox text={error} />
    </article>
  );
}

/** The nearest deadline that still binds the case, as the inbox computes it (the worker's flags win). */
function caseDeadline(view: CaseView): { state: 'overdue' | 'due_soon' | 'on_time' | 'none'; due: string | null } {
  const active: Record<string, string[]> = { acknowledgeBy: ['received'], triageDecisionBy: ['received', 'acknowledged'], answerBy: ['received', 'acknowledged', 'assessment', 'investigation'], feedbackBy: ['received', 'acknowledged', 'assessment', 'investigation'] };
  const times = Object.entries(active).filter(([, s]) => s.includes(view.status)).map(([f]) => view.deadlines[f]).filter((d): d is string => Boolean(d)).map((d) => new Date(d).getTime());
  if (view.status === 'closed' || times.length === 0) return { state: 'none', due: null };
  const due = Math.min(...times);
  const left = due - Date.now();
  const state = view.overdue.length > 0 || left < 0 ? 'overdue' : left < 3 * 864e5 ? 'due_soon' : 'on_time';
  return { state, due: new Date(due).toISOString() };
}
