import { useRef, useState } from 'preact/hooks';
import { checkCaseCode, CaseCodeError } from '../../../core/crypto';
import type { Policy } from '../../../core/policy';
import type { UploadSettings } from '../flow/api';
import { CaseNotFoundError, openCase, type OpenCaseStep, type OpenedCase } from '../flow/caseAccess';
import type { CryptoBackend } from '../flow/cryptoStart';
import { PowAhead } from '../flow/powAhead';
import { errorText } from '../flow/errors';
import { useReporterI18n } from '../messages';
import { CaseView } from './CaseView';
import { TextField } from './fields';
import { ProgressBar } from './ProgressBar';
import { SlowModeNote } from './SlowModeNote';

/** Opening a case: keys from the code, the anti-spam puzzle, then reading and decrypting. */
type Opening = { step: 'deriving' } | { step: 'pow'; fraction: number } | { step: 'reading' };
const STEPS = ['deriving', 'pow', 'reading'] as const;

/**
 * "Check my case": the code is normalised and its check symbol verified here, so a typing
 * mistake never reaches the network. A wrong code and a code without a case read the same.
 */
export function StatusView(props: { policy: Policy; uploads: UploadSettings; backend: CryptoBackend }) {
  const { t } = useReporterI18n();
  const [input, setInput] = useState('');
  const [problem, setProblem] = useState<CaseCodeError | null>(null);
  const [working, setWorking] = useState<Opening | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [opened, setOpened] = useState<OpenedCase | null>(null);
  // The status check's proof of work starts once a complete, well-formed code is typed (or with the
  // click), in a Web Worker; a typing mistake never causes a network call.
  const powAhead = useRef(new PowAhead('status'));

  const typed = (value: string) => {
    setInput(value);
    if (checkCaseCode(value).ok) powAhead.current.start();
  };

  const open = async (e: Event) => {
    e.preventDefault();
    if (working) return;
    setFailure(null);
    const checked = checkCaseCode(input);
    if (!checked.ok) return setProblem(checked.error as CaseCodeError);
    setProblem(null);
    setWorking({ step: 'deriving' });
    powAhead.current.start();
    try {
      await new Promise((r) => setTimeout(r, 30)); // paint the progress before Argon2id blocks
      // The puzzle starts once the keys are derived; a solved puzzle means the case is being read.
      const onPow = (fraction: number) => setWorking(fraction < 1 ? { step: 'pow', fraction } : { step: 'reading' });
      // A code of an older case is tried again with the older key derivation: the bar goes back to "deriving".
      const onStep = (step: OpenCaseStep) => setWorking(step.kind === 'derive' ? { step: 'deriving' } : { step: 'pow', fraction: 0 });
      setOpened(await openCase(props.policy, checked.code, onPow, (p) => powAhead.current.take(p), onStep));
      setInput('');
    } catch (err) {
      setFailure(err);
    } finally {
      setWorking(null);
    }
  };

  if (opened) {
    return <CaseView policy={props.policy} uploads={props.uploads} opened={opened} onUpdate={setOpened} onClose={() => setOpened(null)} />;
  }
  const problemText = problem ? t(`codeProblems.${problem.problem}`, { count: input.replace(/[\s-]/g, '').length }) : undefined;
  return (
    <form noValidate autocomplete="off" onSubmit={open} aria-labelledby="status-title" data-testid="status-form">
      <h2 id="status-title">{t('status.title')}</h2>
      <p>{t('status.intro')}</p>
      <TextField id="status-code" label={t('status.codeLabel')} help={t('status.codeHelp')} spellcheck={false} maxLength={64} error={problemText} value={input} onInput={typed} />
      <SlowModeNote backend={props.backend} />
      {working ? <OpeningProgress working={working} /> : null}
      {failure ? (
        <p class={failure instanceof CaseNotFoundError ? 'notice' : 'error'} role="alert" data-testid="status-error">
          {failure instanceof CaseNotFoundError ? t('status.notFound') : errorText(t, failure)}
        </p>
      ) : null}
      <button type="submit" class="primary" disabled={working !== null}>
        {t('status.open')}
      </button>
    </form>
  );
}

function OpeningProgress({ working }: { working: Opening }) {
  const { t } = useReporterI18n();
  const n = STEPS.indexOf(working.step) + 1;
  const step = { n, total: STEPS.length, label: t('progress.step', { n, total: STEPS.length }) };
  if (working.step === 'pow') {
    return <ProgressBar label={t('progress.label')} text={t('progress.pow', { percent: Math.round(working.fraction * 100) })} fraction={working.fraction} step={step} />;
  }
  return <ProgressBar label={t('progress.label')} text={t(`progress.${working.step}`)} fraction={null} step={step} />;
}
