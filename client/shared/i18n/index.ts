import i18next from 'i18next';
import { useEffect, useState } from 'preact/hooks';
import { en } from './en';
import { ru } from './ru';
import { kk } from './kk';

export const LANGUAGES = ['kk', 'ru', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const LANGUAGE_NAMES: Record<Language, string> = { kk: 'Қазақша', ru: 'Русский', en: 'English' };

/**
 * The first language comes from `?lang=` or the browser's preference; it is never stored
 * (no cookies, no localStorage), so nothing of a visit remains on the device.
 */
function initialLanguage(): Language {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  if (fromUrl && (LANGUAGES as readonly string[]).includes(fromUrl)) return fromUrl as Language;
  for (const l of navigator.languages ?? [navigator.language]) {
    const base = l.slice(0, 2).toLowerCase();
    if ((LANGUAGES as readonly string[]).includes(base)) return base as Language;
  }
  return 'ru';
}

export const i18n = i18next.createInstance();
void i18n.init({
  lng: initialLanguage(),
  fallbackLng: 'en',
  resources: { en: { translation: en }, ru: { translation: ru }, kk: { translation: kk } },
  interpolation: { escapeValue: false },
  initAsync: false,
  // i18next otherwise prints an advertisement to the console.
  showSupportNotice: false,
});
document.documentElement.lang = i18n.language;

/** Re-renders the component when the language changes; returns `t` and the language. */
export function useI18n() {
  const [lang, setLang] = useState(i18n.language as Language);
  useEffect(() => {
    const onChange = (l: string) => {
      document.documentElement.lang = l;
      setLang(l as Language);
    };
    i18n.on('languageChanged', onChange);
    return () => i18n.off('languageChanged', onChange);
  }, []);
  return { t: i18n.getFixedT(lang), lang, setLanguage: (l: Language) => void i18n.changeLanguage(l) };
}
