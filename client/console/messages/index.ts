import { i18n } from '../../shared/i18n';
import { en } from './en';
import { ru } from './ru';
import { kk } from './kk';

// Registered under the `console` key of the shared instance, beside the reporter's own texts.
i18n.addResourceBundle('en', 'translation', { console: en }, true, false);
i18n.addResourceBundle('ru', 'translation', { console: ru }, true, false);
i18n.addResourceBundle('kk', 'translation', { console: kk }, true, false);
