import { i18n, useI18n } from '../../shared/i18n';
import { en } from './en';
import { ru } from './ru';
import { kk } from './kk';

// Registered under one `reporter` key so the console's and the shell's texts never collide.
i18n.addResourceBundle('en', 'translation', { reporter: en }, true, false);
i18n.addResourceBundle('ru', 'translation', { reporter: ru }, true, false);
i18n.addResourceBundle('kk', 'translation', { reporter: kk }, true, false);

/** Like useI18n, with `t` scoped to the reporter texts (`t('form.title')`). */
export function useReporterI18n() {
  const { lang, setLanguage } = useI18n();
  return { t: i18n.getFixedT(lang, null, 'reporter'), lang, setLanguage };
}

export type ReporterT = ReturnType<typeof useReporterI18n>['t'];
