import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { useI18n } from '../shared/i18n';
import { ApiError } from './api';

/** Lets the browser paint ("working…") before a blocking step such as Argon2id (~1 s). */
export const nextPaint = () => new Promise<void>((r) => setTimeout(r, 30));

/** A clear message for an error: the console's own text for known codes, else the server's. */
export function useErrorText() {
  const { t } = useI18n();
  return (err: unknown): string => {
    if (err instanceof ApiError) return t(`console.errors.${err.code}`, { defaultValue: err.message });
    const code = (err as { code?: string })?.code;
    if (code) return t(`console.errors.${code}`, { defaultValue: (err as Error).message });
    return t('console.errors.unexpected', { detail: String((err as Error)?.message ?? err) });
  };
}

/** Runs an async action with a busy flag and an error message. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const errorText = useErrorText();
  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError('');
    try {
      await nextPaint();
      await fn();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}

export function ErrorBox({ text }: { text: string }) {
  return text ? (
    <p class="error" role="alert" data-testid="error">
      {text}
    </p>
  ) : null;
}

export function Busy({ when, children }: { when: boolean; children: ComponentChildren }) {
  return when ? (
    <p class="status" role="status" aria-live="polite">
      {children}
    </p>
  ) : null;
}

/** A labelled input bound to a state setter. */
export function Field(props: { id: string; label: string; value: string; onInput: (v: string) => void; type?: string; autocomplete?: string; help?: string; inputMode?: 'numeric' | 'text' }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        name={props.id}
        type={props.type ?? 'text'}
        value={props.value}
        autocomplete={props.autocomplete ?? 'off'}
        inputMode={props.inputMode}
        onInput={(e) => props.onInput((e.target as HTMLInputElement).value)}
      />
      {props.help && <p class="help">{props.help}</p>}
    </div>
  );
}

/** Saves bytes or text as a file through a temporary object URL (nothing is uploaded). */
export function saveBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
