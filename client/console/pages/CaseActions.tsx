import { useState } from 'preact/hooks';
import { fromB64u, wrapDekForUnit, wrapIdentityKeyForUnit, wrapNotesKeyForUnit } from '../../../core/crypto';
import { NEXT_STATUSES, type CaseStatus } from '../../../core/lifecycle';
import { isExcludedUnit } from '../../../core/routing';
import { currentUnitKey, unitLabel, type Language } from '../../../core/policy';
import { REPORTER_TEMPLATES, STATUS_TEMPLATES, type ReporterTemplateId } from '../../../core/statusTemplates';
import { useI18n } from '../../shared/i18n';
import { api } from '../api';
import type { Keyring } from '../keyring';
import { identityKeyForTransfer, type CaseView, type OpenedCase, type UnitWrap } from '../caseCrypto';
import { ErrorBox, useAction } from '../ui';
import { CASE_LABELS } from './labels';

type Props = { keyring: Keyring; view: CaseView; opened: OpenedCase; reload: () => Promise<void>; left: () => void };

/** Case work. Each button is one command on the server; the reporter sees only template texts. */
export function CaseActions({ keyring, view, opened, reload, left }: Props) {
  const { t, lang } = useI18n();
  const { policy } = keyring;
  const { busy, error, run } = useAction();
  const next = NEXT_STATUSES[view.status as CaseStatus] ?? [];
  const [to, setTo] = useState<string>('');
  const templates = (to ? STATUS_TEMPLATES[to as Exclude<CaseStatus, 'received'>] : []) ?? [];
  const [template, setTemplate] = useState<string>('');
  const [labels, setLabels] = useState<string[]>(view.labels);
  const [assignee, setAssignee] = useState(view.assigneeId ?? '');
  const [target, setTarget] = useState('');
  const supervisor = view.myRole === 'supervisor';
  // Units the policy's conflict exclusions keep away from this case are not offered (the server refuses them too).
  const excluded = (unitId: string) => isExcludedUnit(policy, view.routing, unitId);
  const text = (id: string) => REPORTER_TEMPLATES[id as ReporterTemplateId]?.[lang as Language] ?? id;
  const act = (fn: () => Promise<unknown>, after: () => Promise<void> | void = reload) => void run(async () => { await fn(); await after(); });

  const changeStatus = () => {
    const tpl = template || templates[0];
    const outcome = to === 'closed' ? tpl.replace(/^closed_/, '') : undefined;
    act(() => api.post(`/cases/${view.id}/status`, { to, template: tpl, ...(outcome ? { outcome } : {}) }));
  };

  /** Transfer: re-wraps the DEK (and the notes and identity keys) here for the target's CURRENT key from the verified policy, unless the case already holds a wrap for it. */
  const transfer = () =>
    act(async () => {
      const body: Record<string, unknown> = { unitId: target, reason: view.chain.includes(target) ? 'escalation' : 'outside_competence' };
      const key = currentUnitKey(policy, target, keyring.standby);
      if (!key) throw new Error(t('console.case.noTargetKey'));
      const pub = fromB64u(key.publicKey, 32);
      if (!view.wrappedUnits.includes(target)) body.wrap = { unitId: target, generation: key.generation, wrap: wrapDekForUnit(opened.dek, pub) };
      if (opened.notesKey && !view.notesWraps.some((w) => w.unitId === target)) body.notesWrap = { unitId: target, generation: key.generation, wrap: wrapNotesKeyForUnit(opened.notesKey, pub) };
      // Never to a kind the policy keeps identities from (the employer's own compliance): the server refuses it.
      const identityNever = (policy.identityExcludedKinds ?? []).includes(target.split('@')[0]);
      // The identity KEY (never the identity) is fetched for this transfer only; the server audits it.
      if (view.identityRevealable && !identityNever && !view.identityWrappedUnits.includes(target)) {
        const forwarded = await api.post<{ wraps: UnitWrap[] }>(`/cases/${view.id}/identity/transfer-key`, { unitId: target });
        body.identityWrap = { unitId: target, generation: key.generation, wrap: wrapIdentityKeyForUnit(identityKeyForTransfer(keyring, forwarded.wraps), pub) };
      }
      await api.post(`/cases/${view.id}/transfer`, body);
    }, left);

  return (
    <section class="case-actions">
      <h2>{t('console.actions.title')}</h2>
      {view.status === 'received' && (
        <button type="button" class="primary" disabled={busy} onClick={() => act(() => api.post(`/cases/${view.id}/acknowledge`))}>
          {t('console.actions.acknowledge')}
        </button>
      )}
      {next.length > 0 && (
        <fieldset>
          <legend>{t('console.actions.status')}</legend>
          <label for="status-to">{t('console.actions.newStatus')}</label>
          <select id="status-to" value={to} onChange={(e) => { setTo((e.target as HTMLSelectElement).value); setTemplate(''); }}>
            <option value="">—</option>
            {next.map((s) => <option value={s}>{t(`console.status.${s}`)}</option>)}
          </select>
          {to && (
            <>
              <label for="status-template">{t('console.actions.reporterText')}</label>
              <select id="status-template" value={template || templates[0]} onChange={(e) => setTemplate((e.target as HTMLSelectElement).value)}>
                {templates.map((id) => <option value={id}>{text(id)}</option>)}
              </select>
              <button type="button" disabled={busy} onClick={changeStatus}>{t('console.actions.apply')}</button>
            </>
          )}
        </fieldset>
      )}
      {/* The deadline extension lives with the clocks (CaseDeadlines.tsx). */}
      <fieldset>
        <legend>{t('console.case.labels')}</legend>
        {CASE_LABELS.map((l) => (
          <span class="check">
            <input id={`label-${l}`} type="checkbox" checked={labels.includes(l)} onChange={(e) => setLabels((e.target as HTMLInputElement).checked ? [...labels, l] : labels.filter((x) => x !== l))} />
            <label for={`label-${l}`}>{t(`console.labels.${l}`)}</label>
          </span>
        ))}
        <button type="button" disabled={busy} onClick={() => act(() => api.put(`/cases/${view.id}/labels`, { labels }))}>{t('console.actions.saveLabels')}</button>
      </fieldset>
      {supervisor && view.status !== 'closed' && (
        <fieldset>
          <legend>{t('console.actions.assign')}</legend>
          <select aria-label={t('console.actions.assign')} value={assignee} onChange={(e) => setAssignee((e.target as HTMLSelectElement).value)}>
            {view.members.filter((m) => m.hasGrant && m.state !== 'disabled').map((m) => <option value={m.id}>{m.name} ({m.openCases})</option>)}
          </select>
          <button type="button" disabled={busy || !assignee} onClick={() => act(() => api.post(`/cases/${view.id}/assign`, { assigneeId: assignee }))}>{t('console.actions.assignButton')}</button>
        </fieldset>
      )}
      {supervisor && view.status !== 'closed' && (
        <fieldset>
          <legend>{t('console.actions.transfer')}</legend>
          <p class="help">{t('console.actions.transferHelp')}</p>
          <label for="transfer-target">{t('console.actions.targetUnit')}</label>
          <select id="transfer-target" value={target} onChange={(e) => setTarget((e.target as HTMLSelectElement).value)}>
            <option value="">—</option>
            {view.chain.filter((u) => !excluded(u)).map((u) => <option value={u}>{t('console.actions.escalateTo', { unit: unitLabel(policy, u, lang) })}</option>)}
            {policy.units.filter((u) => u.id !== view.unitId && !view.chain.includes(u.id) && !excluded(u.id)).map((u) => <option value={u.id}>{unitLabel(policy, u.id, lang)}</option>)}
          </select>
          <button type="button" disabled={busy || !target} onClick={transfer}>{t('console.actions.transferButton')}</button>
        </fieldset>
      )}
      {/* After the competence window (policy competenceDecline) only a supervisor may decline. */}
      {view.status !== 'closed' && view.unitId !== policy.triageUnit && (supervisor || !view.deadlines.competenceDeclineBy || new Date(view.deadlines.competenceDeclineBy).getTime() >= Date.now()) && (
        <button type="button" disabled={busy} onClick={() => window.confirm(t('console.actions.declineConfirm')) && act(() => api.post(`/cases/${view.id}/decline`, { reason: 'outside_competence' }), left)}>
          {t('console.actions.decline')}
        </button>
      )}{' '}
      <button type="button" disabled={busy} onClick={() => window.confirm(t('console.actions.recuseConfirm')) && act(() => api.post(`/cases/${view.id}/recuse`), left)}>
        {t('console.actions.recuse')}
      </button>
      <ErrorBox text={error} />
    </section>
  );
}
