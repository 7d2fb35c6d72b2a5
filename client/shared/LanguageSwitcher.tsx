import { LANGUAGES, LANGUAGE_NAMES, useI18n } from './i18n';

/** Buttons, not a select: one tap on a phone, and each says its own name in its own language. */
export function LanguageSwitcher() {
  const { t, lang, setLanguage } = useI18n();
  return (
    <nav class="lang" aria-label={t('lang.label')}>
      {LANGUAGES.map((l) => (
        <button type="button" lang={l} aria-pressed={l === lang} data-lang={l} onClick={() => setLanguage(l)}>
          {LANGUAGE_NAMES[l]}
        </button>
      ))}
    </nav>
  );
}
