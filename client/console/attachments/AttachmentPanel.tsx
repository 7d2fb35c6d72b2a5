import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n';
import { saveBlob } from '../ui';
import type { FileMeta } from '../caseCrypto';
import { detectFileType, extensionOf, nameMisleads, type DetectedType } from './fileType';
import { isFromViewer, type FromViewer, type ToViewer } from './viewerProtocol';

/** What the reporter's browser recorded about metadata removal (client/reporter/flow/imageCleaner.ts). */
export type AttachmentMeta = FileMeta & { cleaning?: 'redrawn' | 'stripped' | 'none'; removed?: string[] };

/**
 * One opened attachment (docs/console.md "Opening attachments"): what it really is (from its
 * bytes), what the reporter's browser removed from it, a sandboxed view for images and PDFs,
 * and a download only behind a warning that names the detected type.
 */
export function AttachmentPanel({ fileId, meta, bytes }: { fileId: string; meta: AttachmentMeta; bytes: ArrayBuffer }) {
  const { t } = useI18n();
  const detected = detectFileType(new Uint8Array(bytes, 0, Math.min(bytes.byteLength, 4096)));
  const typeName = t(`console.attachments.types.${detected.kind}`);
  const misleading = nameMisleads(meta.name, detected);
  return (
    <div class="attachment-panel" data-testid="attachment-panel" data-kind={detected.kind}>
      <p data-testid="file-detected">
        <strong>{t('console.attachments.detected', { type: typeName })}</strong>
      </p>
      {misleading && (
        <p class="error" role="alert" data-testid="file-misleading">
          {t('console.attachments.misleading', { ext: extensionOf(meta.name) ? `.${extensionOf(meta.name)}` : meta.name, type: typeName })}
        </p>
      )}
      <CleaningRecord meta={meta} />
      {detected.viewer && <SandboxedViewer kind={detected.viewer} bytes={bytes} />}
      <DownloadBehindWarning fileId={fileId} meta={meta} bytes={bytes} detected={detected} typeName={typeName} />
    </div>
  );
}

/** The reporter's metadata removal, as their browser recorded it inside the encrypted file metadata. */
function CleaningRecord({ meta }: { meta: AttachmentMeta }) {
  const { t } = useI18n();
  let text: string;
  if (meta.cleaning === 'redrawn') text = t('console.attachments.cleaning.redrawn');
  else if (meta.cleaning === 'stripped' && meta.removed && meta.removed.length > 0) {
    text = t('console.attachments.cleaning.stripped', { removed: meta.removed.map((r) => t(`console.attachments.removed.${/^[a-z]+$/.test(r) ? r : 'other'}`)).join(', ') });
  } else if (meta.cleaning === 'stripped') text = t('console.attachments.cleaning.strippedNothing');
  else if (meta.cleaning === 'none') text = t('console.attachments.cleaning.none');
  else text = t('console.attachments.cleaning.unknown');
  return (
    <p class="help" data-testid="file-cleaning" data-cleaning={meta.cleaning ?? 'unknown'}>
      {t('console.attachments.cleaning.title')}: {text}
    </p>
  );
}

/**
 * The frame is sandboxed to an opaque origin ("allow-scripts" only: no same-origin, forms,
 * popups, downloads, top navigation or modals) and its page has no network (server CSP). The
 * decrypted bytes go in by postMessage once the frame says it is ready; only its own frame's
 * messages are listened to.
 */
function SandboxedViewer({ kind, bytes }: { kind: 'image' | 'pdf'; bytes: ArrayBuffer }) {
  const { t } = useI18n();
  const frame = useRef<HTMLIFrameElement>(null);
  const [state, setState] = useState<FromViewer | undefined>();
  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      if (!frame.current || event.source !== frame.current.contentWindow || !isFromViewer(event.data)) return;
      const message = event.data;
      if (message.type === 'ready') {
        const copy = bytes.slice(0); // transferred: the panel keeps its own copy for the download
        const request: ToViewer = { cc: 'viewer', type: 'show', kind, bytes: copy };
        frame.current.contentWindow!.postMessage(request, '*', [copy]);
      } else setState(message);
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [bytes, kind]);
  return (
    <div class="attachment-viewer">
      <p class="help">{t('console.attachments.viewerHelp')}</p>
      <iframe
        ref={frame}
        src="/console/viewer"
        sandbox="allow-scripts"
        referrerpolicy="no-referrer"
        title={t('console.attachments.viewerTitle')}
        data-testid="attachment-viewer"
      />
      {state?.type === 'shown' && (
        <p class="status" role="status" data-testid="viewer-shown" data-pages={state.pages}>
          {state.kind === 'pdf' ? t('console.attachments.shownPdf', { pages: state.pages, total: state.pagesTotal }) : t('console.attachments.shownImage', { width: state.width, height: state.height })}
        </p>
      )}
      {state?.type === 'failed' && (
        <p class="error" role="alert" data-testid="viewer-failed">
          {t('console.attachments.failed')}
        </p>
      )}
    </div>
  );
}

function DownloadBehindWarning(props: { fileId: string; meta: AttachmentMeta; bytes: ArrayBuffer; detected: DetectedType; typeName: string }) {
  const { t } = useI18n();
  const [saved, setSaved] = useState(false);
  const save = () => {
    // Saved as opaque bytes: the browser must not sniff or open it; the name is the sender's.
    saveBlob(new Blob([props.bytes], { type: 'application/octet-stream' }), props.meta.name || `attachment-${props.fileId.slice(0, 6)}.bin`);
    setSaved(true);
  };
  return (
    <div class="warning" data-testid="file-warning" data-active={String(props.detected.active)}>
      <h3>{t('console.attachments.downloadTitle')}</h3>
      <p>{props.detected.viewer ? t('console.attachments.warningViewable', { type: props.typeName }) : t('console.attachments.warning', { type: props.typeName })}</p>
      <p>{t('console.attachments.advice')}</p>
      <button type="button" data-testid="file-download" onClick={save}>
        {t('console.attachments.download')}
      </button>
      {saved && <span class="ok" data-testid="file-saved"> {t('console.case.savedOk')}</span>}
    </div>
  );
}
