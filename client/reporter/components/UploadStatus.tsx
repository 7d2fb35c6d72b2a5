import type { UploadProgress } from '../flow/uploadFiles';
import { useReporterI18n } from '../messages';
import { ProgressBar } from './ProgressBar';

/** Files that failed after the report was accepted: say so, and offer to try again. */
export function UploadStatus(props: { failed: number; upload?: UploadProgress; onRetry: () => void }) {
  const { t } = useReporterI18n();
  if (props.upload) {
    const { n, total, fraction, resuming } = props.upload;
    const text = resuming ? t('progress.resuming') : t('progress.uploading', { n, total, percent: Math.round(fraction * 100) });
    return <ProgressBar label={t('progress.label')} text={text} fraction={fraction} />;
  }
  if (!props.failed) return null;
  return (
    <div class="notice" role="alert">
      <p>{t('code.filesFailed', { count: props.failed })}</p>
      <button type="button" onClick={props.onRetry}>
        {t('code.retryFiles')}
      </button>
    </div>
  );
}
