import { useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n';
import { api } from '../api';
import { decryptFileStream, type CaseView, type OpenedCase } from '../caseCrypto';
import { ErrorBox, saveBlob, useAction } from '../ui';

/**
 * Attachments: the ciphertext streams from the server and is decrypted chunk by chunk as it
 * arrives; the file is offered for saving only once the stream ended without error (every chunk
 * authenticated, the final chunk present).
 */
export function CaseFiles({ view, opened }: { view: CaseView; opened: OpenedCase }) {
  const { t } = useI18n();
  const [saved, setSaved] = useState<Record<string, boolean>>({});
  const { busy, error, run } = useAction();
  if (opened.files.length === 0) return null;

  const save = (f: OpenedCase['files'][number]) =>
    run(async () => {
      const meta = f.meta.ok ? f.meta.value : { name: `attachment-${f.fileId.slice(0, 6)}.bin`, type: 'application/octet-stream', size: 0 };
      const plaintext = decryptFileStream(opened, view, f.contentId, await api.attachment(view.id, f.fileId));
      const blob = await new Response(plaintext).blob();
      saveBlob(new Blob([blob], { type: meta.type || 'application/octet-stream' }), meta.name);
      setSaved({ ...saved, [f.fileId]: true });
    });

  return (
    <section>
      <h2>{t('console.case.files')}</h2>
      <ul class="files" data-testid="files">
        {opened.files.map((f) => (
          <li data-file-id={f.fileId}>
            <span class="file-name">{f.meta.ok ? f.meta.value.name : t('console.case.cannotOpen')}</span>{' '}
            {f.meta.ok && <span class="help">({Math.ceil(f.meta.value.size / 1024)} KiB, {t(`console.case.from_${f.from}`)})</span>}{' '}
            <button type="button" disabled={busy} onClick={() => void save(f)}>
              {t('console.case.save')}
            </button>
            {saved[f.fileId] && <span class="ok" data-testid="file-saved"> {t('console.case.savedOk')}</span>}
          </li>
        ))}
      </ul>
      {busy && <p class="status">{t('console.case.decrypting')}</p>}
      <ErrorBox text={error} />
    </section>
  );
}
