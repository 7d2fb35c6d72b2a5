import { useState } from 'preact/hooks';
import { fromB64u, generateNotesKey, newContentId, sealNote, wrapNotesKeyForUnit } from '../../../core/crypto';
import { currentUnitKey } from '../../../core/policy';
import { useI18n } from '../../shared/i18n';
import { api } from '../api';
import type { Keyring } from '../keyring';
import type { CaseView, OpenedCase } from '../caseCrypto';
import { ErrorBox, useAction } from '../ui';
import { formatDate } from './parts';

/**
 * Internal notes, sealed under a notes key that is not derived from the case code, so the
 * reporter cannot read them. The first note creates the key and wraps it for the unit's
 * current key from the verified policy.
 */
export function CaseNotes({ keyring, view, opened, reload }: { keyring: Keyring; view: CaseView; opened: OpenedCase; reload: () => Promise<void> }) {
  const { t, lang } = useI18n();
  const [text, setText] = useState('');
  const { busy, error, run } = useAction();
  const name = (id: string) => view.members.find((m) => m.id === id)?.name ?? '—';
  const add = (e: Event) => {
    e.preventDefault();
    if (!text.trim()) return;
    void run(async () => {
      const noteId = newContentId();
      let notesKey = opened.notesKey;
      let notesWraps;
      if (!view.hasNotesKey) {
        notesKey = generateNotesKey();
        const key = currentUnitKey(keyring.policy, view.unitId, keyring.standby);
        if (!key) throw new Error('no current unit key');
        notesWraps = [{ unitId: view.unitId, generation: key.generation, wrap: wrapNotesKeyForUnit(notesKey, fromB64u(key.publicKey, 32)) }];
      }
      if (!notesKey) throw new Error('notes key unavailable');
      await api.post(`/cases/${view.id}/notes`, { noteId, sealed: sealNote(notesKey, view.caseToken, noteId, text.trim()), notesWraps });
      setText('');
      await reload();
    });
  };
  return (
    <section>
      <h2>{t('console.case.notes')}</h2>
      <p class="help">{t('console.case.notesHelp')}</p>
      <ul class="notes" data-testid="notes">
        {opened.notes.map((n) => (
          <li>
            <span class="help">{name(n.authorId)} · {formatDate(n.at, lang)}</span>
            <p class="message-text">{n.text.ok ? n.text.value : t('console.case.cannotOpen')}</p>
          </li>
        ))}
      </ul>
      <form onSubmit={add}>
        <label for="note">{t('console.case.addNote')}</label>
        <textarea id="note" rows={3} value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
        <button type="submit" disabled={busy || (view.hasNotesKey && !opened.notesKey)}>
          {t('console.case.saveNote')}
        </button>
      </form>
      <ErrorBox text={error} />
    </section>
  );
}
