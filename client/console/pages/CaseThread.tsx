import { useState } from 'preact/hooks';
import { fromUtf8, newContentId, openMessage, sealMessage } from '../../../core/crypto';
import { useI18n } from '../../shared/i18n';
import { api } from '../api';
import type { CaseView, OpenedCase } from '../caseCrypto';
import { ErrorBox, useAction } from '../ui';
import { formatDate } from './parts';

type SealedMessage = CaseView['messages'][number];
type ShownMessage = OpenedCase['messages'][number];
/** The case answer carries the NEWEST page of the thread; `olderMessagesBefore` says where the page before it ends (null: none). */
type PagedView = CaseView & { olderMessagesBefore?: number | null };

/**
 * The conversation with the reporter. A reply is sealed here under the case DEK (sealMessage,
 * author 'investigator'): the reporter re-derives the DEK from the case code and reads it.
 */
export function CaseThread({ view, opened, reload }: { view: CaseView; opened: OpenedCase; reload: () => Promise<void> }) {
  const { t, lang } = useI18n();
  const [text, setText] = useState('');
  const { busy, error, run } = useAction();
  // Older pages fetched on request (GET /cases/:id/messages?before=), opened here like the rest.
  const [older, setOlder] = useState<{ messages: ShownMessage[]; before: number | null } | null>(null);
  const before = older ? older.before : ((view as PagedView).olderMessagesBefore ?? null);
  const shownSeqs = new Set(opened.messages.map((m) => m.seq));
  const messages = [...(older?.messages ?? []).filter((m) => !shownSeqs.has(m.seq)), ...opened.messages];
  const loadOlder = () =>
    run(async () => {
      if (before === null) return;
      const page = await api.get<{ messages: SealedMessage[]; olderBefore: number | null }>(`/cases/${view.id}/messages?before=${before}`);
      const opens = (m: SealedMessage): ShownMessage['text'] => {
        try {
          return { ok: true, value: fromUtf8(openMessage(opened.dek, view.caseToken, m.messageId, m.from, m.sealed)) };
        } catch {
          return { ok: false };
        }
      };
      setOlder({ messages: [...page.messages.map((m) => ({ ...m, text: opens(m) })), ...(older?.messages ?? [])], before: page.olderBefore });
    });
  const send = (e: Event) => {
    e.preventDefault();
    if (!text.trim()) return;
    void run(async () => {
      const messageId = newContentId();
      const sealed = sealMessage(opened.dek, view.caseToken, messageId, 'investigator', text.trim());
      await api.post(`/cases/${view.id}/messages`, { messageId, sealed });
      setText('');
      await reload();
    });
  };
  return (
    <section>
      <h2>{t('console.case.thread')}</h2>
      {messages.length === 0 && <p>{t('console.case.noMessages')}</p>}
      {before !== null && (
        <button type="button" disabled={busy} onClick={() => void loadOlder()} data-testid="older-messages">
          {t('console.case.olderMessages')}
        </button>
      )}
      <ol class="thread" data-testid="thread">
        {messages.map((m) => (
          <li class={`message from-${m.from}`}>
            <p class="help">
              {t(`console.case.from_${m.from}`)} · {formatDate(m.at, lang)}
            </p>
            <p class="message-text">{m.text.ok ? m.text.value : t('console.case.cannotOpen')}</p>
          </li>
        ))}
      </ol>
      {view.status !== 'closed' && (
        <form onSubmit={send}>
          <label for="reply">{t('console.case.reply')}</label>
          <textarea id="reply" rows={4} value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
          <p class="help">{t('console.case.replyHelp')}</p>
          <button type="submit" class="primary" disabled={busy}>
            {t('console.case.send')}
          </button>
        </form>
      )}
      <ErrorBox text={error} />
    </section>
  );
}
