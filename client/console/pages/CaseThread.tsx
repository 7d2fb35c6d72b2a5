import { useState } from 'preact/hooks';
import { newContentId, sealMessage } from '../../../core/crypto';
import { useI18n } from '../../shared/i18n';
import { api } from '../api';
import type { CaseView, OpenedCase } from '../caseCrypto';
import { ErrorBox, useAction } from '../ui';
import { formatDate } from './parts';

/**
 * The conversation with the reporter. A reply is sealed here under the case DEK (sealMessage,
 * author 'investigator'): the reporter re-derives the DEK from the case code and reads it.
 */
export function CaseThread({ view, opened, reload }: { view: CaseView; opened: OpenedCase; reload: () => Promise<void> }) {
  const { t, lang } = useI18n();
  const [text, setText] = useState('');
  const { busy, error, run } = useAction();
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
      {opened.messages.length === 0 && <p>{t('console.case.noMessages')}</p>}
      <ol class="thread" data-testid="thread">
        {opened.messages.map((m) => (
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
