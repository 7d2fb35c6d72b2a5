import { i18n } from '../../shared/i18n';
import { en } from './en';
import { ru } from './ru';
import { kk } from './kk';

/** Adds the statistics page's texts to the shared i18next instance (deep-merged under `stats`). */
export function registerStatsMessages() {
  for (const [lang, messages] of Object.entries({ en, ru, kk })) i18n.addResourceBundle(lang, 'translation', messages, true, false);
}
