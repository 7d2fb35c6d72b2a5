import { en, type NoJsTexts } from './en';
import { kk } from './kk';
import { ru } from './ru';

export type { NoJsTexts };
export const NOJS_LANGUAGES = ['kk', 'ru', 'en'] as const;
export type NoJsLang = (typeof NOJS_LANGUAGES)[number];
/** The portal's page is Russian by default (client/index.html); so is this form. */
export const DEFAULT_LANG: NoJsLang = 'ru';

const TEXTS: Record<NoJsLang, NoJsTexts> = { kk, ru, en };

/** True for a language this form speaks. */
export function isNoJsLang(value: unknown): value is NoJsLang {
  return typeof value === 'string' && (NOJS_LANGUAGES as readonly string[]).includes(value);
}

/** The texts of a language. */
export function textsFor(lang: NoJsLang): NoJsTexts {
  return TEXTS[lang];
}

/** Fills `{name}` placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
