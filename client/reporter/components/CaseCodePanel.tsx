import { useEffect, useRef, useState } from 'preact/hooks';
import { checkCaseCode, type CaseCode } from '../../../core/crypto';
import { formatDate } from '../format';
import { useReporterI18n } from '../messages';
import type { ComponentChildren } from 'preact';

/**
 * The case code, once: copy, save as a text file (a Blob made in this page, nothing asked of
 * the server), and a second entry to prove it was written down. Until then, leaving the page
 * asks for confirmation.
 */
export function CaseCodePanel(props: { code: CaseCode; display: string; receivedAt: string; onFinish: () => void; children?: ComponentChildren }) {
  const { t, lang } = useReporterI18n();
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');
  const [confirm, setConfirm] = useState('');
  const [blocked, setBlocked] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const codeBox = useRef<HTMLInputElement>(null);
  const typed = checkCaseCode(confirm);
  const matches = typed.ok && typed.code === props.code;

  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    if (matches) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    addEventListener('beforeunload', warn);
    return () => removeEventListener('beforeunload', warn);
  }, [matches]);

  const copyCode = async () => {
    try {
      // navigator.clipboard exists only in secure contexts; an .onion over http may lack it.
      if (navigator.clipboard) await navigator.clipboard.writeText(props.display);
      else {
        codeBox.current!.select();
        if (!document.execCommand('copy')) throw new Error('copy refused');
      }
      setCopy('copied');
    } catch {
      setCopy('failed');
    }
  };

  const save = () => {
    const text = t('code.fileText', { code: props.display, url: `${location.origin}/` });
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = t('code.fileName');
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  return (
    <section class="case-code" aria-labelledby="code-title">
      <h2 id="code-title" tabIndex={-1} ref={heading}>
        {t('code.title')}
      </h2>
      <p>{t('code.intro')}</p>
      <label for="case-code">{t('code.label')}</label>
      <input id="case-code" class="code" readOnly value={props.display} ref={codeBox} autocomplete="off" spellcheck={false} data-testid="case-code" />
      <div class="actions">
        <button type="button" onClick={copyCode}>
          {t('code.copy')}
        </button>
        <button type="button" onClick={save}>
          {t('code.save')}
        </button>
      </div>
      <p role="status">{copy === 'copied' ? t('code.copied') : copy === 'failed' ? t('code.copyFailed') : ''}</p>
      <p class="notice">{t('code.keepSafe')}</p>
      <p class="help">{t('code.receivedAt', { date: formatDate(lang, props.receivedAt) })}</p>
      {props.children}
      <label for="confirm-code">{t('code.confirmLabel')}</label>
      <input
        id="confirm-code"
        class="code"
        value={confirm}
        autocomplete="off"
        spellcheck={false}
        aria-describedby="confirm-result"
        onInput={(e) => {
          setConfirm((e.currentTarget as HTMLInputElement).value);
          setBlocked(false);
        }}
      />
      <p id="confirm-result" role="status" class={matches ? 'ok' : confirm || blocked ? 'error' : 'help'}>
        {matches ? t('code.confirmOk') : blocked ? t('code.finishBlocked') : confirm.replace(/[\s-]/g, '').length >= 17 ? t('code.confirmMismatch') : ''}
      </p>
      <button type="button" class="primary" data-testid="finish" onClick={() => (matches ? props.onFinish() : setBlocked(true))}>
        {t('code.finish')}
      </button>
    </section>
  );
}
