import { useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n';
import { api } from '../api';
import { decryptFileStream, type CaseView, type OpenedCase } from '../caseCrypto';
import { ErrorBox, useAction } from '../ui';
import { AttachmentPanel, type AttachmentMeta } from '../attachments/AttachmentPanel';

/**
 * Attachments: the ciphertext streams from the server and is decrypted chunk by chunk as it
 * arrives; the file is opened only once the stream ended without error (every chunk
 * authenticated, the final chunk present). An opened file is never handed to the browser or
 * the operating system as it is: images and PDFs are shown as pixels in a sandboxed frame, and
 * the original is saved only behind a warning that names what the bytes really are
 * (client/console/attachments, docs/console.md "Opening attachments"). One file is open at a time.
 */
export function CaseFiles({ view, opened }: { view: CaseView; opened: OpenedCase }) {
  const { t } = useI18n();
  const [open, setOpen] = useState<{ fileId: string; meta: AttachmentMeta; bytes: ArrayBuffer } | undefined>();
  const { busy, error, run } = useAction();
  if (opened.files.length === 0) return null;

  const openFile = (f: OpenedCase['files'][number]) =>
    run(async () => {
      setOpen(undefined);
      const meta: AttachmentMeta = f.meta.ok ? (f.meta.value as AttachmentMeta) : { name: `attachment-${f.fileId.slice(0, 6)}.bin`, type: 'application/octet-stream', size: 0 };
      const plaintext = decryptFileStream(opened, view, f.contentId, await api.attachment(view.id, f.fileId));
      const bytes = await new Response(plaintext).arrayBuffer();
      setOpen({ fileId: f.fileId, meta, bytes });
    });

  return (
    <section>
      <h2>{t('console.case.files')}</h2>
      <ul class="files" data-testid="files">
        {opened.files.map((f) => (
          <li data-file-id={f.fileId}>
            <span class="file-name">{f.meta.ok ? f.meta.value.name : t('console.case.cannotOpen')}</span>{' '}
            {f.meta.ok && <span class="help">({Math.ceil(f.meta.value.size / 1024)} KiB, {t(`console.case.from_${f.from}`)})</span>}{' '}
            {open?.fileId === f.fileId ? (
              <button type="button" data-testid="file-close" onClick={() => setOpen(undefined)}>
                {t('console.attachments.close')}
              </button>
            ) : (
              <button type="button" data-testid="file-open" disabled={busy} onClick={() => void openFile(f)}>
                {t('console.attachments.open')}
              </button>
            )}
            {open?.fileId === f.fileId && <AttachmentPanel key={f.fileId} fileId={f.fileId} meta={open.meta} bytes={open.bytes} />}
          </li>
        ))}
      </ul>
      {busy && <p class="status">{t('console.case.decrypting')}</p>}
      <ErrorBox text={error} />
    </section>
  );
}
