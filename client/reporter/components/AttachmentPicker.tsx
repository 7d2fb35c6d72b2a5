import { useState } from 'preact/hooks';
import { cleanFile, type CleanedFile } from '../flow/imageCleaner';
import { formatBytes } from '../format';
import { useReporterI18n } from '../messages';

export type PickedFile = { id: number; name: string; size: number; state: 'cleaning' | 'ready' | 'failed'; cleaned?: CleanedFile };

let nextId = 1;

/**
 * Choosing files. Each JPEG or PNG is cleaned of metadata right away (flow/imageCleaner.ts)
 * and the list says, per file, whether it was cleaned or may still carry hidden information.
 * Files stay in this page's memory only.
 */
export function AttachmentPicker(props: {
  id: string;
  files: PickedFile[];
  setFiles: (update: (files: PickedFile[]) => PickedFile[]) => void;
  maxFiles: number;
  maxFileBytes: number;
  /** Section title; "Attachments (optional)" by default. */
  title?: string;
  error?: string;
}) {
  const { id, files, setFiles, maxFiles, maxFileBytes } = props;
  const { t, lang } = useReporterI18n();
  // Kept as message keys, so a language switch re-renders them in the new language.
  const [problems, setProblems] = useState<{ key: 'files.tooMany' | 'files.tooBig'; name?: string }[]>([]);

  const add = (chosen: File[]) => {
    const found: typeof problems = [];
    let room = maxFiles - files.filter((f) => f.state !== 'failed').length;
    for (const file of chosen) {
      if (room <= 0) {
        found.push({ key: 'files.tooMany' });
        break;
      }
      if (file.size > maxFileBytes) {
        found.push({ key: 'files.tooBig', name: file.name });
        continue;
      }
      room -= 1;
      const picked: PickedFile = { id: nextId++, name: file.name, size: file.size, state: 'cleaning' };
      setFiles((list) => [...list, picked]);
      cleanFile(file).then(
        (cleaned) => setFiles((list) => list.map((f) => (f.id === picked.id ? { ...f, state: 'ready', cleaned, size: cleaned.blob.size } : f))),
        () => setFiles((list) => list.map((f) => (f.id === picked.id ? { ...f, state: 'failed' } : f))),
      );
    }
    setProblems(found);
  };
  const problemTexts = problems.map((p) => t(p.key, { count: maxFiles, name: p.name, size: formatBytes(lang, maxFileBytes) }));

  const note = (f: PickedFile) =>
    f.state === 'cleaning'
      ? t('files.cleaning')
      : f.state === 'failed'
        ? t('files.cleanFailed')
        : f.cleaned!.cleaning === 'redrawn'
          ? t('files.cleaned')
          : f.cleaned!.cleaning === 'stripped'
            ? t('files.cleanedStructural')
            : t('files.notCleaned');

  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{props.title ?? t('files.title')}</h2>
      <p class="help" id={`${id}-help`}>
        {t('files.help', { count: maxFiles, size: formatBytes(lang, maxFileBytes) })} {t('safety.metadata')}
      </p>
      <label for={id}>{t('files.choose')}</label>
      <input
        id={id}
        type="file"
        multiple
        aria-describedby={`${id}-help`}
        onChange={(e) => {
          const el = e.currentTarget as HTMLInputElement;
          add(Array.from(el.files ?? []));
          el.value = ''; // the same file may be chosen again after removing it
        }}
      />
      {problemTexts.length || props.error ? (
        <ul class="error" role="alert">
          {[...problemTexts, props.error].filter(Boolean).map((p) => (
            <li>{p}</li>
          ))}
        </ul>
      ) : null}
      {files.length ? (
        <ul class="files" aria-label={t('files.listLabel')}>
          {files.map((f) => (
            <li data-file-state={f.state} data-cleaning={f.cleaned?.cleaning}>
              <span class="file-name">{f.name}</span> <span class="help">({formatBytes(lang, f.size)})</span>
              <p class={f.state === 'failed' || f.cleaned?.cleaning === 'none' ? 'notice' : 'help'}>{note(f)}</p>
              <button type="button" class="link" onClick={() => setFiles((list) => list.filter((x) => x.id !== f.id))}>
                {t('files.remove', { name: f.name })}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** The files that are cleaned and ready to encrypt. */
export function readyFiles(files: PickedFile[]): CleanedFile[] {
  return files.filter((f) => f.state === 'ready').map((f) => f.cleaned!);
}
