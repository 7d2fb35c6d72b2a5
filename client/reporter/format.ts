/** Locale-aware display of sizes and dates, in the interface language (not the browser's). */
const LOCALES: Record<string, string> = { kk: 'kk-KZ', ru: 'ru-RU', en: 'en-GB' };

export function formatBytes(lang: string, bytes: number): string {
  const mb = bytes / (1024 * 1024);
  const opts = { style: 'unit', unit: mb >= 1 ? 'megabyte' : 'kilobyte', maximumFractionDigits: mb >= 10 || mb < 1 ? 0 : 1 } as const;
  try {
    return new Intl.NumberFormat(LOCALES[lang] ?? lang, opts).format(mb >= 1 ? mb : Math.max(1, bytes / 1024));
  } catch {
    return `${mb.toFixed(1)} MB`;
  }
}

// Some browsers ship no Kazakh month names (Chromium prints "2026 M11 26"), so Kazakh is spelled out here.
const KK_MONTHS = ['қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде', 'тамыз', 'қыркүйек', 'қазан', 'қараша', 'желтоқсан'];

/** A date without time of day: stored times are rounded anyway, and a date is what matters. */
export function formatDate(lang: string, iso: string): string {
  const date = new Date(iso);
  if (lang === 'kk' && !Number.isNaN(date.getTime())) return `${date.getFullYear()} жылғы ${date.getDate()} ${KK_MONTHS[date.getMonth()]}`;
  try {
    return new Intl.DateTimeFormat(LOCALES[lang] ?? lang, { dateStyle: 'long' }).format(new Date(iso));
  } catch {
    return iso.slice(0, 10);
  }
}
