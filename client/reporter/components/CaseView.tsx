import { useState } from 'preact/hooks';
import type { Policy } from '../../../core/policy';
import type { UploadSettings } from '../flow/api';
import { keepLoadedMessages, loadOlderMessages, openCase, readFiles, readThread, sendFollowUp, type OpenedCase } from '../flow/caseAccess';
import { errorText } from '../flow/errors';
import { uploadFiles, type UploadProgress } from '../flow/uploadFiles';
import { formatBytes, formatDate } from '../format';
import { REPORTER_TEMPLATES } from '../../../core/statusTemplates';
import { useReporterI18n } from '../messages';
import { AttachmentPicker, readyFiles, type PickedFile } from './AttachmentPicker';
import { TextField } from './fields';
import { MyCaseIdentity } from './MyCaseIdentity';
import { unitLabel } from '../../../core/policy';
import { ProgressBar } from './ProgressBar';

const MAX_MESSAGE_CHARS = 20_000; // well inside the server's 64 KiB sealed-message limit

/** An opened case: localised status and history, the decrypted thread, follow-up messages and files. */
export function CaseView(props: { policy: Policy; uploads: UploadSettings; opened: OpenedCase; onUpdate: (o: OpenedCase) => void; onClose: () => void }) {
  const { opened, policy, uploads } = props;
  const { view, secrets } = opened;
  const { t, lang } = useReporterI18n();
  const [reply, setReply] = useState('');
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [busy, setBusy] = useState<{ pow?: number; upload?: UploadProgress } | null>(null);
  const [notice, setNotice] = useState<'sent' | 'uploaded' | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  const run = async (action: () => Promise<'sent' | 'uploaded' | null>) => {
    setFailure(null);
    setNotice(null);
    setBusy({});
    try {
      const done = await action();
      props.onUpdate(keepLoadedMessages(opened, await openCase(policy, secrets, (pow) => setBusy({ pow }))));
      setNotice(done);
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(null);
    }
  };
  const send = (e: Event) => {
    e.preventDefault();
    if (!reply.trim() || busy) return;
    void run(async () => {
      await sendFollowUp(secrets, reply.trim(), (pow) => setBusy({ pow }));
      setReply('');
      return 'sent';
    });
  };
  const upload = () =>
    run(async () => {
      const failed = await uploadFiles(secrets, readyFiles(files), uploads.chunkBytes, (u) => setBusy({ upload: u }));
      if (failed.length) throw failed.lastError ?? new Error(`${failed.length} files failed`);
      setFiles([]);
      return 'uploaded';
    });

  const older = async () => {
    setFailure(null);
    setBusy({});
    try {
      props.onUpdate(await loadOlderMessages(opened));
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(null);
    }
  };
  // The per-case caps, shown before they are reached (an older server announces none).
  const usage = view.usage;
  const filesLeft = uploads.maxCaseFiles !== undefined && usage ? Math.max(0, uploads.maxCaseFiles - usage.files) : 20;

  const statusName = (s: string) => t(`statusNames.${s}`, { defaultValue: s });
  const thread = readThread(opened);
  const caseFiles = readFiles(opened);
  const progress = busy?.upload
    ? { text: t('progress.uploading', { n: busy.upload.n, total: busy.upload.total, percent: Math.round(busy.upload.fraction * 100) }), fraction: busy.upload.fraction }
    : busy?.pow !== undefined
      ? { text: t('progress.pow', { percent: Math.round(busy.pow * 100) }), fraction: busy.pow }
      : null;
  return (
    <section aria-labelledby="case-title" data-testid="case-view">
      <h2 id="case-title">{t('status.title')}</h2>
      <dl class="case-status">
        <dt>{t('status.current')}</dt>
        <dd data-testid="case-status" data-status={view.status}>
          {statusName(view.status)}
          <span class="help"> — {t(`statusHelp.${view.status}`, { defaultValue: '' })}</span>
        </dd>
        {view.outcome ? (
          <>
            <dt>{t('status.outcome')}</dt>
            <dd>{t(`outcomes.${view.outcome}`, { defaultValue: view.outcome })}</dd>
          </>
        ) : null}
      </dl>
      <h3>{t('status.timeline')}</h3>
      <ol class="timeline" data-testid="timeline">
        {view.timeline.map((e) => (
          <li data-kind={e.kind}>
            <time dateTime={e.at}>{formatDate(lang, e.at)}</time>: {t(`timeline.${e.kind}`, { status: e.status ? statusName(e.status) : '', unit: e.unit ? unitLabel(policy, e.unit, lang) : '', role: e.role ? t(`myCase.role.${e.role}`, { defaultValue: '' }) : '', defaultValue: e.kind })}
            {/* The investigator's text is a fixed template id; shown in the reporter's language. */}
            {e.template && e.template in REPORTER_TEMPLATES ? <p class="template" data-template={e.template}>{REPORTER_TEMPLATES[e.template as keyof typeof REPORTER_TEMPLATES][lang]}</p> : null}
          </li>
        ))}
      </ol>
      <h3>{t('status.messages')}</h3>
      {view.olderBefore !== undefined && view.olderBefore !== null ? (
        <button type="button" disabled={Boolean(busy)} onClick={older} data-testid="older-messages">
          {t('status.olderMessages')}
        </button>
      ) : null}
      {thread.length ? (
        <ol class="thread" data-testid="thread">
          {thread.map((m) => (
            <li class={`message from-${m.from}`} data-from={m.from}>
              <p class="help">
                {m.from === 'reporter' ? t('status.fromReporter') : t('status.fromInvestigator')}, <time dateTime={m.at}>{formatDate(lang, m.at)}</time>
              </p>
              <p class="message-text">{m.text ?? t('status.unreadable')}</p>
            </li>
          ))}
        </ol>
      ) : (
        <p class="help">{t('status.noMessages')}</p>
      )}
      <form noValidate autocomplete="off" onSubmit={send}>
        <TextField id="reply" label={t('status.reply')} rows={4} maxLength={MAX_MESSAGE_CHARS} value={reply} onInput={setReply} />
        {uploads.maxCaseMessages !== undefined && usage ? (
          <p class="help" data-testid="message-caps">
            {t('status.messageCaps', { max: uploads.maxCaseMessages, used: usage.messages })}
          </p>
        ) : null}
        <button type="submit" class="primary" disabled={Boolean(busy) || !reply.trim()} data-testid="send-reply">
          {t('status.send')}
        </button>
      </form>
      {caseFiles.length ? (
        <>
          <h3>{t('status.files')}</h3>
          <ul class="files" data-testid="case-files">
            {caseFiles.map((f) => (
              <li>
                {f.name ?? '—'} <span class="help">({f.from === 'reporter' ? t('status.fileFromReporter') : t('status.fileFromInvestigator')})</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {uploads.maxCaseFiles !== undefined && usage ? (
        <p class="help" data-testid="file-caps">
          {t('status.fileCaps', { count: uploads.maxCaseFiles, size: formatBytes(lang, uploads.maxCaseBytes), usedCount: usage.files, usedSize: formatBytes(lang, usage.fileBytes) })}
        </p>
      ) : null}
      <AttachmentPicker
        id="followup-files"
        title={t('status.addFiles')}
        files={files}
        setFiles={setFiles}
        maxFiles={Math.min(20, filesLeft)}
        maxFileBytes={Math.min(policy.limits.maxFileBytes, uploads.maxFileBytes)}
      />
      {readyFiles(files).length ? (
        <button type="button" class="primary" disabled={Boolean(busy)} onClick={upload} data-testid="upload-followup">
          {t('status.upload')}
        </button>
      ) : null}
      {progress ? <ProgressBar label={t('progress.label')} {...progress} /> : null}
      {notice ? (
        <p class="ok" role="status" data-testid="case-notice">
          {t(`status.${notice}`)}
        </p>
      ) : null}
      {failure ? (
        <p class="error" role="alert">
          {errorText(t, failure)}
        </p>
      ) : null}
      <MyCaseIdentity policy={policy} opened={opened} onChanged={() => void run(async () => null)} />
      <div class="actions">
        <button type="button" disabled={Boolean(busy)} onClick={() => run(async () => null)}>
          {t('status.refresh')}
        </button>
        <button type="button" onClick={props.onClose}>
          {t('status.close')}
        </button>
      </div>
    </section>
  );
}
