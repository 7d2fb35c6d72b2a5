import { useState } from 'preact/hooks';
import { checkCaseCode, CaseCodeError } from '../../../core/crypto';
import type { Policy } from '../../../core/policy';
import type { UploadSettings } from '../flow/api';
import { CaseNotFoundError, openCase, type OpenedCase } from '../flow/caseAccess';
import { errorText } from '../flow/errors';
import { useReporterI18n } from '../messages';
import { CaseView } from './CaseView';
import { TextField } from './fields';
import { ProgressBar } from './ProgressBar';

/**
 * "Check my case": the code is normalised and its check symbol verified here, so a typing
 * mistake never reaches the network. A wrong code and a code without a case read the same.
 */
export function StatusView(props: { policy: Policy; uploads: UploadSettings }) {
  const { t } = useReporterI18n();
  const [input, setInput] = useState('');
  const [problem, setProblem] = useState<CaseCodeError | null>(null);
  const [pow, setPow] = useState<number | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [opened, setOpened] = useState<OpenedCase | null>(null);

  const open = async (e: Event) => {
    e.preventDefault();
    if (pow !== null) return;
    setFailure(null);
    const checked = checkCaseCode(input);
    if (!checked.ok) return setProblem(checked.error as CaseCodeError);
    setProblem(null);
    setPow(0);
    try {
      await new Promise((r) => setTimeout(r, 30)); // paint the progress before Argon2id blocks
      setOpened(await openCase(props.policy, checked.code, setPow));
      setInput('');
    } catch (err) {
      setFailure(err);
    } finally {
      setPow(null);
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
      <TextField id="status-code" label={t('status.codeLabel')} help={t('status.codeHelp')} spellcheck={false} maxLength={64} error={problemText} value={input} onInput={setInput} />
      {pow !== null ? <ProgressBar label={t('progress.label')} text={t('progress.pow', { percent: Math.round(pow * 100) })} fraction={pow} /> : null}
      {failure ? (
        <p class={failure instanceof CaseNotFoundError ? 'notice' : 'error'} role="alert" data-testid="status-error">
          {failure instanceof CaseNotFoundError ? t('status.notFound') : errorText(t, failure)}
        </p>
      ) : null}
      <button type="submit" class="primary" disabled={pow !== null}>
        {t('status.open')}
      </button>
    </form>
  );
}
