import { useEffect, useState } from 'preact/hooks';
import { labelText } from '../../../core/policy';
import { useI18n } from '../../shared/i18n';
import { api } from '../api';
import type { Keyring } from '../keyring';
import { openRevealedIdentity, type CaseView, type RevealedIdentity } from '../caseCrypto';
import { ErrorBox, useAction } from '../ui';
import { formatDate } from './parts';

type RevealRequest = { id: string; requesterId: string; ground: string; state: 'pending' | 'approved' | 'rejected' | 'released'; requestedAt: string; decidedBy: string | null };

/**
 * A confidential reporter's identity: revealed only through a decision (docs/console.md
 * §Identity reveal). A member asks on a legal ground of the signed policy; another person, a
 * supervisor of the unit, approves; then, once, the member who asked opens it here. This page
 * never holds the identity or its key before that.
 */
export function CaseIdentity({ keyring, view, myId }: { keyring: Keyring; view: CaseView; myId: string }) {
  const { t, lang } = useI18n();
  const grounds = keyring.policy.identityDisclosure?.grounds ?? [];
  const [requests, setRequests] = useState<RevealRequest[]>([]);
  const [ground, setGround] = useState(grounds[0]?.id ?? '');
  const [identity, setIdentity] = useState<RevealedIdentity>();
  const action = useAction();
  const nameOf = (id: string | null) => view.members.find((m) => m.id === id)?.name ?? t('console.reveal.someone');
  const groundLabel = (id: string) => {
    const g = grounds.find((x) => x.id === id);
    return g ? labelText(g.labels, lang) : id;
  };

  const load = () => action.run(async () => setRequests((await api.get<{ requests: RevealRequest[] }>(`/cases/${view.id}/identity/requests`)).requests));
  useEffect(() => {
    setIdentity(undefined);
    if (view.identityRevealable) void load();
  }, [view.id]);

  const ask = () => action.run(async () => {
    await api.post(`/cases/${view.id}/identity/requests`, { ground });
    await load();
  });
  const decide = (id: string, decision: 'approve' | 'reject') => action.run(async () => {
    await api.post(`/cases/${view.id}/identity/requests/${id}/decision`, { decision });
    await load();
  });
  const open = (id: string) => action.run(async () => {
    if (!window.confirm(t('console.reveal.openConfirm'))) return;
    const released = await api.post<{ sealed: CaseView['body']; wraps: CaseView['wraps'] }>(`/cases/${view.id}/identity/reveal`, { requestId: id });
    setIdentity(openRevealedIdentity(keyring, view, released));
    await load();
  });

  const fields = ['name', 'iin', 'address', 'contact', 'note'] as const;
  return (
    <section data-testid="identity-section">
      <h2>{t('console.case.identity')}</h2>
      {identity ? (
        <dl data-testid="identity">
          {fields.filter((f) => identity[f]).map((f) => (
            <>
              <dt>{t(`console.reveal.field.${f}`)}</dt>
              <dd>{identity[f]}</dd>
            </>
          ))}
        </dl>
      ) : !view.identityRevealable ? (
        <p>{t('console.case.identityNotForUnit')}</p>
      ) : (
        <>
          <p>{t('console.reveal.explain')}</p>
          {view.identityConsent && <p class="notice" data-testid="identity-consent">{t('console.reveal.consentGiven')}</p>}
          {grounds.length === 0 ? (
            <p>{t('console.reveal.notConfigured')}</p>
          ) : (
            <p>
              <label for="reveal-ground">{t('console.reveal.ground')}</label>{' '}
              <select id="reveal-ground" value={ground} onChange={(e) => setGround((e.target as HTMLSelectElement).value)}>
                {grounds.map((g) => <option value={g.id}>{labelText(g.labels, lang)}</option>)}
              </select>{' '}
              <button type="button" disabled={action.busy || !ground} onClick={() => void ask()} data-testid="reveal-ask">
                {t('console.reveal.ask')}
              </button>
            </p>
          )}
          {requests.length > 0 && (
            <ul class="reveal-requests" data-testid="reveal-requests">
              {requests.map((r) => (
                <li data-state={r.state}>
                  {t('console.reveal.requestLine', { who: nameOf(r.requesterId), ground: groundLabel(r.ground), date: formatDate(r.requestedAt, lang), state: t(`console.reveal.state.${r.state}`) })}
                  {r.decidedBy && <span class="help"> — {t('console.reveal.decidedBy', { who: nameOf(r.decidedBy) })}</span>}{' '}
                  {r.state === 'pending' && view.myRole === 'supervisor' && r.requesterId !== myId && (
                    <>
                      <button type="button" disabled={action.busy} onClick={() => void decide(r.id, 'approve')} data-testid="reveal-approve">{t('console.reveal.approve')}</button>{' '}
                      <button type="button" disabled={action.busy} onClick={() => void decide(r.id, 'reject')}>{t('console.reveal.reject')}</button>
                    </>
                  )}
                  {r.state === 'pending' && r.requesterId === myId && <span class="help">{t('console.reveal.waiting')}</span>}
                  {r.state === 'approved' && r.requesterId === myId && (
                    <button type="button" class="primary" disabled={action.busy} onClick={() => void open(r.id)} data-testid="reveal-open">{t('console.reveal.open')}</button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <ErrorBox text={action.error} />
    </section>
  );
}
