import { categoryLabel, regionLabel, sectorLabel, unitKindLabel, unitLabel, type Policy } from '../../core/policy';
import type { Cell } from './data';

type T = (key: string, options?: Record<string, unknown>) => string;

/** Locale of number and date formatting for each interface language. */
const LOCALES: Record<string, string> = { kk: 'kk-KZ', ru: 'ru-RU', en: 'en-GB' };

export function formatters(lang: string, t: T) {
  const nf = new Intl.NumberFormat(LOCALES[lang] ?? lang, { maximumFractionDigits: 1 });
  const monthFmt = new Intl.DateTimeFormat(LOCALES[lang] ?? lang, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const shortMonth = new Intl.DateTimeFormat(LOCALES[lang] ?? lang, { month: 'short', timeZone: 'UTC' });
  const mark = t('stats.suppressedMark');
  return {
    /** A count or "—" for a suppressed figure (screen readers hear "hidden"). */
    num: (v: Cell) => (v === null ? mark : nf.format(v)),
    pct: (v: Cell) => (v === null ? mark : `${nf.format(v)} %`),
    days: (v: Cell) => (v === null ? mark : t('stats.days', { n: nf.format(v), count: v })),
    month: (m: string) => monthFmt.format(new Date(`${m}-01T00:00:00Z`)),
    shortMonth: (m: string) => shortMonth.format(new Date(`${m}-01T00:00:00Z`)),
  };
}

/** Human names of dimension values: from the verified policy, the page's texts, or the code. */
export function valueLabel(policy: Policy | undefined, dim: string, id: string, lang: string, t: T): string {
  if (dim === 'state') return t(`stats.states.${id}`, { defaultValue: id });
  if (dim === 'unitKind' && id === 'unrouted') return t('stats.unrouted');
  if (dim === 'sector' && id === 'none') return t('stats.noSector');
  if (!policy) return id;
  if (dim === 'category') return categoryLabel(policy, id, lang);
  if (dim === 'region') return regionLabel(policy, id, lang);
  if (dim === 'unitKind') return unitKindLabel(policy, id, lang);
  if (dim === 'sector') return sectorLabel(policy, id, lang);
  if (dim === 'unit') return unitLabel(policy, id, lang);
  return id;
}
