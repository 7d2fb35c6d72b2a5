import { useRef, useState } from 'preact/hooks';
import { formatCaseCode } from '../../../core/crypto';
import { formatBytes } from '../format';
import { labelText, type ActivatedStandby, type Policy } from '../../../core/policy';
import { reporterApi, type UploadSettings } from '../flow/api';
import { buildSubmission, iinProblem, reportBodySize, type BuiltReport, type Details, type Identity, type ReportDraft } from '../../../core/submission';
import { errorText, isPolicyChange } from '../flow/errors';
import type { CleanedFile } from '../flow/imageCleaner';
import type { CryptoBackend } from '../flow/cryptoStart';
import { PowAhead } from '../flow/powAhead';
import { uploadFiles, type UploadProgress } from '../flow/uploadFiles';
import { useReporterI18n } from '../messages';
import { AttachmentPicker, readyFiles, type PickedFile } from './AttachmentPicker';
import { CaseCodePanel } from './CaseCodePanel';
import { ConfidentialSection, type Mode } from './ConfidentialSection';
import { TextField } from './fields';
import { ProgressBar } from './ProgressBar';
import { ReadersList } from './ReadersList';
import { SlowModeNote } from './SlowModeNote';
import { EMPTY_ROUTING, RoutingQuestions, type RoutingChoice } from './RoutingQuestions';
import { UploadStatus } from './UploadStatus';

const EMPTY_DETAILS: Details = { when: '', where: '', who: '', evidence: '' };
const EMPTY_IDENTITY: Identity = { name: '', iin: '', address: '', contact: '', note: '' };
const MAX_FILES = 20; // the server's limit per submission (server/schemas/reportSchemas.ts)

type Working = ({ step: 'encrypting' | 'sending' } | { step: 'pow'; fraction: number } | { step: 'uploading'; upload: UploadProgress }) & { files: boolean };
/** The steps in the order the bar walks them (uploading only with files). */
const STEPS = ['encrypting', 'pow', 'sending', 'uploading'] as const;
type Done = { built: BuiltReport; receivedAt: string; failed: CleanedFile[]; upload?: UploadProgress };
/** A validation problem as a message key, translated at render time. */
type Problem = { key: string; params?: Record<string, unknown> };

/** Lets the browser paint the progress text before Argon2id blocks the main thread. */
const nextFrame = () => new Promise((r) => setTimeout(r, 30));

/**
 * The report form and the submit flow. All state lives here, in memory: switching the language
 * re-renders the texts and keeps every answer; nothing is written to any browser storage.
 */
export function ReportForm(props: { policy: Policy; standby: ActivatedStandby; uploads: UploadSettings; backend: CryptoBackend; reloadPolicy: () => Promise<unknown> }) {
  const { policy, uploads } = props;
  const { t, lang } = useReporterI18n();
  const [routing, setRouting] = useState<RoutingChoice>(EMPTY_ROUTING);
  const [description, setDescription] = useState('');
  const [details, setDetails] = useState<Details>(EMPTY_DETAILS);
  const [mode, setMode] = useState<Mode>('anonymous');
  const [identity, setIdentity] = useState<Identity>(EMPTY_IDENTITY);
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [problems, setProblems] = useState<Record<string, Problem>>({});
  const [working, setWorking] = useState<Working | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [done, setDone] = useState<Done | null>(null);
  // The last built submission: a retry after a lost answer re-sends the same case (idempotent).
  const built = useRef<{ key: string; report: BuiltReport } | null>(null);
  const summary = useRef<HTMLDivElement>(null);
  // The proof of work starts with the first answer typed, in a Web Worker, while the reporter writes.
  const powAhead = useRef(new PowAhead('submit'));

  const draft = (): ReportDraft => ({
    routing: { category: routing.category, ...(routing.sector ? { sector: routing.sector } : {}), region: routing.region, seniority: routing.seniority, amount: routing.amount, flags: routing.flags },
    description,
    details,
    identity: mode === 'confidential' ? identity : undefined,
    lang,
    attachments: readyFiles(files).length,
  });

  const fieldLabel = (id: string): string => {
    const q = policy.routingInputs;
    const labels = { category: q.category.labels, region: q.region.labels, seniority: q.seniority.labels, amount: q.amount.labels }[id as 'category'];
    if (labels) return labelText(labels, lang);
    if (id === 'identity-iin') return t('identityForm.iin');
    return id === 'description' ? t('form.descriptionLabel') : id === 'identity-name' ? t('identityForm.fullName') : t('confidential.contact');
  };

  const validate = (d: ReportDraft): Record<string, Problem> => {
    const found: Record<string, Problem> = {};
    const required = { category: d.routing.category, region: d.routing.region, seniority: d.routing.seniority, amount: d.routing.amount, description: d.description.trim() };
    for (const [id, value] of Object.entries(required)) if (!value) found[id] = { key: 'form.missing' };
    const size = reportBodySize(d);
    if (size > policy.limits.maxBodyBytes) found.description = { key: 'form.descriptionTooLong', params: { size, max: policy.limits.maxBodyBytes } };
    if (d.identity && !d.identity.name.trim()) found['identity-name'] = { key: 'form.missing' };
    if (d.identity && !d.identity.contact.trim()) found['identity-contact'] = { key: 'form.missing' };
    // The IIN is optional; given, it must be well formed (a typing mistake is caught here, before sending).
    const iin = d.identity?.iin?.trim() ?? '';
    const iinIssue = iin ? iinProblem(iin) : null;
    if (iinIssue) found['identity-iin'] = { key: iinIssue === 'digits' ? 'identityForm.iinDigits' : 'identityForm.iinCheck' };
    return found;
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (working) return;
    const d = draft();
    const found = validate(d);
    setProblems(found);
    setFailure(null);
    if (Object.keys(found).length) {
      setTimeout(() => summary.current?.focus(), 0);
      return;
    }
    const toUpload = readyFiles(files);
    const withFiles = toUpload.length > 0;
    try {
      setWorking({ step: 'encrypting', files: withFiles });
      powAhead.current.start(); // the worker solves while this thread derives and seals
      await nextFrame();
      const key = JSON.stringify({ v: policy.version, s: props.standby, d: { ...d, lang: '' }, f: files.map((f) => f.id) });
      if (built.current?.key !== key) built.current = { key, report: buildSubmission(policy, d, props.standby) };
      const report = built.current.report;
      const pow = await powAhead.current.take((fraction) => setWorking({ step: 'pow', fraction, files: withFiles }));
      setWorking({ step: 'sending', files: withFiles });
      const answer = await reporterApi.submit({ ...report.submission, pow });
      const failed = await uploadFiles(report.secrets, toUpload, uploads.chunkBytes, (upload) => setWorking({ step: 'uploading', upload, files: withFiles }));
      setDone({ built: report, receivedAt: answer.receivedAt, failed });
    } catch (err) {
      if (isPolicyChange(err)) {
        built.current = null;
        await props.reloadPolicy();
      }
      setFailure(err);
    } finally {
      setWorking(null);
    }
  };

  const retryFiles = async () => {
    if (!done) return;
    const failed = await uploadFiles(done.built.secrets, done.failed, uploads.chunkBytes, (upload) => setDone({ ...done, upload }));
    setDone({ ...done, failed, upload: undefined });
  };

  const finish = () => {
    built.current = null;
    setRouting(EMPTY_ROUTING);
    setDescription('');
    setDetails(EMPTY_DETAILS);
    setMode('anonymous');
    setIdentity(EMPTY_IDENTITY);
    setFiles([]);
    setProblems({});
    setDone(null);
    scrollTo(0, 0);
  };

  if (done) {
    return (
      <CaseCodePanel code={done.built.code} display={formatCaseCode(done.built.code)} receivedAt={done.receivedAt} onFinish={finish}>
        <UploadStatus failed={done.failed.length} upload={done.upload} onRetry={retryFiles} />
      </CaseCodePanel>
    );
  }

  const err = (id: string) => (problems[id] ? t(problems[id].key, { field: fieldLabel(id), ...problems[id].params }) : undefined);
  const errors = Object.fromEntries(Object.keys(problems).map((id) => [id, err(id)!]));
  return (
    <form noValidate autocomplete="off" onSubmit={submit} onInput={() => powAhead.current.start()} aria-labelledby="form-title" data-testid="report-form">
      <h2 id="form-title">{t('form.title')}</h2>
      <p>{t('form.intro')}</p>
      <p class="help">{t('form.required')}</p>
      {Object.keys(problems).length ? (
        <div class="error-summary" role="alert" tabIndex={-1} ref={summary}>
          <p>{t('form.fixErrors')}</p>
          <ul>
            {Object.keys(problems).map((id) => (
              <li>
                <a href={`#${id}`}>{err(id)}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <RoutingQuestions policy={policy} value={routing} errors={errors} onChange={(patch) => setRouting((r) => ({ ...r, ...patch }))} />
      <section aria-labelledby="description-title">
        <h2 id="description-title">{t('form.descriptionTitle')}</h2>
        <TextField id="description" label={t('form.descriptionLabel')} help={t('form.descriptionHelp')} required rows={8} error={errors.description} value={description} onInput={setDescription} />
        <h3>{t('form.detailsTitle')}</h3>
        <p class="help">{t('form.detailsHelp')}</p>
        {(['when', 'where', 'who', 'evidence'] as const).map((k) => (
          <TextField id={`details-${k}`} label={t(`form.${k}`)} help={t(`form.${k}Help`)} rows={k === 'evidence' || k === 'who' ? 3 : undefined} value={details[k]} onInput={(v) => setDetails((d) => ({ ...d, [k]: v }))} />
        ))}
      </section>
      <ConfidentialSection
        mode={mode}
        identity={identity}
        criminal={routing.flags.includes('criminal_signs')}
        errors={errors}
        onMode={setMode}
        onIdentity={(patch) => setIdentity((i) => ({ ...i, ...patch }))}
      />
      <AttachmentPicker
        id="attachments"
        files={files}
        setFiles={setFiles}
        maxFiles={Math.min(MAX_FILES, uploads.maxCaseFiles ?? MAX_FILES)}
        maxFileBytes={Math.min(policy.limits.maxFileBytes, uploads.maxFileBytes)}
      />
      {/* The per-case caps, shown before they are reached: later files count against them too. */}
      {uploads.maxCaseFiles !== undefined ? (
        <p class="help" data-testid="case-caps">
          {t('files.caseCaps', { count: uploads.maxCaseFiles, size: formatBytes(lang, uploads.maxCaseBytes) })}
          {uploads.maxCaseMessages !== undefined ? ` ${t('files.messageCaps', { count: uploads.maxCaseMessages })}` : ''}
        </p>
      ) : null}
      <SlowModeNote backend={props.backend} />
      <ReadersList policy={policy} standby={props.standby} routing={routing} confidential={mode === 'confidential'} />
      {working ? <ProgressBar label={t('progress.label')} {...progressText(t, working)} step={stepOf(t, working)} /> : null}
      {failure ? (
        <p class="error" role="alert" data-testid="submit-error">
          {errorText(t, failure)}
        </p>
      ) : null}
      <button type="submit" class="primary" disabled={Boolean(working) || files.some((f) => f.state === 'cleaning')} data-testid="submit">
        {failure ? t('errors.retry') : t('form.submit')}
      </button>
    </form>
  );
}

/** Which step of how many the submission is at (three without files, four with). */
function stepOf(t: ReturnType<typeof useReporterI18n>['t'], w: Working) {
  const total = w.files ? STEPS.length : STEPS.length - 1;
  const n = STEPS.indexOf(w.step) + 1;
  return { n, total, label: t('progress.step', { n, total }) };
}

function progressText(t: ReturnType<typeof useReporterI18n>['t'], w: Working): { text: string; fraction: number | null } {
  if (w.step === 'pow') return { text: t('progress.pow', { percent: Math.round(w.fraction * 100) }), fraction: w.fraction };
  if (w.step === 'uploading') {
    const { n, total, fraction, resuming } = w.upload;
    return { text: resuming ? t('progress.resuming') : t('progress.uploading', { n, total, percent: Math.round(fraction * 100) }), fraction };
  }
  return { text: t(`progress.${w.step}`), fraction: null };
}
