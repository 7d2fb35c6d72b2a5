import { useState } from 'preact/hooks';
import { FIELD_OF, TRACKED_DEADLINES, type TrackedDeadline } from '../../../core/lifecycle';
import { REPORTER_TEMPLATES, type ReporterTemplateId } from '../../../core/statusTemplates';
import type { Language } from '../../../core/policy';
import { useI18n } from '../../shared/i18n';
import { api } from '../api';
import type { Keyring } from '../keyring';
import type { CaseView } from '../caseCrypto';
import { ErrorBox, useAction } from '../ui';

type Props = { keyring: Keyring; view: CaseView; reload: () => Promise<void> };

const when = (iso: string | undefined, lang: string) => (iso ? new Date(iso).toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' }) : '');

/**
 * Every clock of the policy for this case (computed by the workers; shown, never recomputed
 * here), with the two actions that start or move a clock: "criminal signs found" (starts the
 * referral clock, any member) and the extension of the answer deadline (a supervisor, before the
 * deadline, a reason from the signed policy, within the policy's maximum).
 */
export function CaseDeadlines({ keyring, view, reload }: Props) {
  const { t, lang } = useI18n();
  const { policy } = keyring;
  const { busy, error, run } = useAction();
  const reasons = policy.extensions?.reasons ?? [];
  const [days, setDays] = useState('10');
  const [reason, setReason] = useState<string>(reasons[0] ?? '');
  const supervisor = view.myRole === 'supervisor';
  const open = view.status !== 'closed';
  const d = view.deadlines;
  const answerPassed = !d.answerBy || new Date(d.answerBy).getTime() <= Date.now() || view.overdue.includes('answer');
  const windowPassed = Boolean(d.competenceDeclineBy) && new Date(d.competenceDeclineBy!).getTime() < Date.now();
  const act = (fn: () => Promise<unknown>) => void run(async () => { await fn(); await reload(); });
  const shown = TRACKED_DEADLINES.filter((name: TrackedDeadline) => d[FIELD_OF[name]]);

  return (
    <section class="case-deadlines" aria-labelledby="clocks-title">
      <h2 id="clocks-title">{t('console.clocks.title')}</h2>
      {d.unverified && <p class="warning" role="note">{t('console.clocks.unverified')}</p>}
      <table>
        <tbody>
          {shown.map((name) => (
            <tr data-deadline={name}>
              <th scope="row">{t(`console.clocks.names.${name}`)}</th>
              <td>{when(d[FIELD_OF[name]], lang)}</td>
              <td>{view.overdue.includes(name) ? <strong class="overdue">{t(name.startsWith('investigation') ? 'console.clocks.reached' : 'console.clocks.missed')}</strong> : ''}</td>
            </tr>
          ))}
          {d.originalAnswerBy && d.originalAnswerBy !== d.answerBy && (
            <tr>
              <th scope="row">{t('console.clocks.originalAnswer')}</th>
              <td>{when(d.originalAnswerBy, lang)}</td>
              <td />
            </tr>
          )}
        </tbody>
      </table>
      {view.extensions.length > 0 && (
        <ul class="extensions">
          {view.extensions.map((e) => (
            <li>{t('console.clocks.extensionEntry', { count: e.days, until: when(e.answerBy, lang), reason: REPORTER_TEMPLATES[e.reason as ReporterTemplateId]?.[lang as Language] ?? e.reason })}</li>
          ))}
        </ul>
      )}
      {open && !view.criminalSignsHere && (
        <p>
          <button type="button" disabled={busy} onClick={() => window.confirm(t('console.clocks.criminalSignsConfirm')) && act(() => api.post(`/cases/${view.id}/criminal-signs`, {}))}>
            {t('console.clocks.criminalSigns')}
          </button>{' '}
          <span class="help">{t('console.clocks.criminalSignsHelp')}</span>
        </p>
      )}
      {open && view.criminalSignsHere && <p class="help">{t('console.clocks.criminalSignsRecorded')}</p>}
      {open && windowPassed && view.unitId !== policy.triageUnit && <p class="help">{t(supervisor ? 'console.clocks.windowPassedSupervisor' : 'console.clocks.windowPassed')}</p>}
      {open && supervisor && reasons.length > 0 && !answerPassed && (
        <fieldset>
          <legend>{t('console.actions.extend')}</legend>
          <p class="help">{t('console.clocks.extendHelp', { amount: policy.extensions!.maxTotal.amount, unit: t(`console.clocks.units.${policy.extensions!.maxTotal.unit}`) })}</p>
          <label for="ext-days">{t('console.actions.days')}</label>
          <input id="ext-days" type="number" min={1} max={60} value={days} onInput={(e) => setDays((e.target as HTMLInputElement).value)} />
          <label for="ext-reason">{t('console.clocks.reason')}</label>
          <select id="ext-reason" value={reason} onChange={(e) => setReason((e.target as HTMLSelectElement).value)}>
            {reasons.map((id) => <option value={id}>{REPORTER_TEMPLATES[id as ReporterTemplateId]?.[lang as Language] ?? id}</option>)}
          </select>
          <button type="button" disabled={busy} onClick={() => act(() => api.post(`/cases/${view.id}/extend`, { days: Number(days), reason }))}>{t('console.actions.extendButton')}</button>
        </fieldset>
      )}
      {open && supervisor && answerPassed && d.answerBy && <p class="help">{t('console.clocks.noExtensionAfter')}</p>}
      <ErrorBox text={error} />
    </section>
  );
}
