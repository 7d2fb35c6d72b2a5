/**
 * Texts in every language (issue 14 item 8), checked against the catalogues themselves:
 * - every error code the server can send (read from its source: serverCodes.ts) has kk, ru and
 *   en text in the console catalogues;
 * - counts are written with i18next plural forms (`_one`/`_few`/`_many`/`_other`), right for
 *   every count from 0 to 100 in each language, and no other text puts a count before a word it
 *   would have to agree with;
 * - each status has one name per language across the reporter, the no-JavaScript form, the
 *   console and the statistics page;
 * - a kk/ru/en text that quotes a label («...», “...”) quotes one that exists (a policy label,
 *   another text of the same language, or the title of a section of docs/).
 */
import fs from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import { en as consoleEn } from '../../../client/console/messages/en';
import { ru as consoleRu } from '../../../client/console/messages/ru';
import { kk as consoleKk } from '../../../client/console/messages/kk';
import { en as reporterEn } from '../../../client/reporter/messages/en';
import { ru as reporterRu } from '../../../client/reporter/messages/ru';
import { kk as reporterKk } from '../../../client/reporter/messages/kk';
import { en as statsEn } from '../../../client/stats/messages/en';
import { ru as statsRu } from '../../../client/stats/messages/ru';
import { kk as statsKk } from '../../../client/stats/messages/kk';
import { en as shellEn } from '../../../client/shared/i18n/en';
import { ru as shellRu } from '../../../client/shared/i18n/ru';
import { kk as shellKk } from '../../../client/shared/i18n/kk';
import { en as noJsEn } from '../../../server/noJs/texts/en';
import { ru as noJsRu } from '../../../server/noJs/texts/ru';
import { kk as noJsKk } from '../../../server/noJs/texts/kk';
import { CASE_OUTCOMES, CASE_STATUSES } from '../../../core/lifecycle';
import { kzPolicy } from '../policy/kzPolicy';
import { serverErrorCodes } from './serverCodes';

type Lang = 'kk' | 'ru' | 'en';
type Tree = { [key: string]: unknown };
const LANGS: Lang[] = ['kk', 'ru', 'en'];
const CATALOGS: Record<Lang, { console: Tree; reporter: Tree; stats: Tree; shell: Tree; noJs: Tree }> = {
  en: { console: consoleEn, reporter: reporterEn, stats: statsEn, shell: shellEn, noJs: noJsEn },
  ru: { console: consoleRu, reporter: reporterRu, stats: statsRu, shell: shellRu, noJs: noJsRu },
  kk: { console: consoleKk, reporter: reporterKk, stats: statsKk, shell: shellKk, noJs: noJsKk },
};

/** Every string of a catalogue with its dotted key. */
function strings(tree: unknown, prefix = ''): [string, string][] {
  if (typeof tree === 'string') return [[prefix, tree]];
  if (!tree || typeof tree !== 'object') return [];
  return Object.entries(tree as Tree).flatMap(([k, v]) => strings(v, prefix ? `${prefix}.${k}` : k));
}

/** An i18next instance with the apps' texts, registered as the apps register them. */
function translator(lang: Lang) {
  const c = CATALOGS[lang];
  const instance = i18next.createInstance();
  void instance.init({ lng: lang, fallbackLng: false, initAsync: false, showSupportNotice: false, interpolation: { escapeValue: false }, resources: { [lang]: { translation: { ...c.shell, ...c.stats, console: c.console, reporter: c.reporter } } } });
  return instance.getFixedT(lang);
}

describe('error codes', () => {
  const { codes, unlistedComputedSites } = serverErrorCodes();

  it('are all found in the server source (a computed code must be listed in serverCodes.ts)', () => {
    expect(unlistedComputedSites).toEqual([]);
    // Sanity: the scan reads the source at all (87 codes when issue 14 was filed).
    expect(codes.length).toBeGreaterThan(100);
    expect(codes).toEqual(expect.arrayContaining(['case_not_found', 'supervisor_only', 'invalid_input', 'malformed_json', 'policy_bad_signature', 'copy_not_found']));
  });

  it.each(LANGS)('have a console text in %s', (lang) => {
    const errors = CATALOGS[lang].console.errors as Record<string, unknown>;
    const missing = codes.filter((code) => typeof errors[code] !== 'string' || !(errors[code] as string).trim());
    expect(missing).toEqual([]);
  });
});

/** Russian plural category, written out (not Intl) so the test does not share i18next's source. */
function ruCategory(n: number): 'one' | 'few' | 'many' {
  if (n % 10 === 1 && n % 100 !== 11) return 'one';
  if (n % 10 >= 2 && n % 10 <= 4 && !(n % 100 >= 12 && n % 100 <= 14)) return 'few';
  return 'many';
}

/** Families: key, values besides the count, and the word each language must use for n. */
const FAMILIES: { key: string; values?: Record<string, string>; word: Record<Lang, (n: number) => RegExp> }[] = [
  {
    key: 'console.timeline.extension',
    word: {
      ru: (n) => ({ one: / рабочий день$/, few: / рабочих дня$/, many: / рабочих дней$/ })[ruCategory(n)],
      en: (n) => (n === 1 ? / working day$/ : / working days$/),
      kk: () => / жұмыс күніне ұзартылды$/,
    },
  },
  {
    key: 'console.clocks.extensionEntry',
    values: { until: 'X', reason: 'Y' },
    word: {
      ru: (n) => ({ one: / рабочий день,/, few: / рабочих дня,/, many: / рабочих дней,/ })[ruCategory(n)],
      en: (n) => (n === 1 ? / working day,/ : / working days,/),
      kk: () => / жұмыс күніне,/,
    },
  },
  ...(['reporter.files.caseCaps', 'reporter.files.help', 'reporter.files.tooMany', 'reporter.status.fileCaps'] as const).map((key) => ({
    key,
    values: { size: 'S', usedCount: '0', usedSize: '0' },
    word: {
      ru: (n: number) => (ruCategory(n) === 'one' ? / файла(?![а-яё])/ : / файлов(?![а-яё])/),
      en: (n: number) => (n === 1 ? / file\b(?!s)/ : / files\b/),
      kk: () => / файл/,
    },
  })),
  {
    key: 'reporter.files.messageCaps',
    word: {
      ru: (n) => (ruCategory(n) === 'one' ? / сообщения\./ : / сообщений\./),
      en: (n) => (n === 1 ? / message in/ : / messages in/),
      kk: () => / хабарламаға дейін/,
    },
  },
];

describe('plural forms', () => {
  it.each(LANGS)('every count from 0 to 100 takes the right form in %s', (lang) => {
    const t = translator(lang);
    const wrong: string[] = [];
    for (const f of FAMILIES) {
      for (let n = 0; n <= 100; n++) {
        const text = t(f.key, { count: n, ...f.values });
        if (!text.includes(String(n)) || !f.word[lang](n).test(text)) wrong.push(`${f.key} ${n}: ${text}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it.each(LANGS)('every plural family in %s has each form its language uses for 0..100 (and the others, for one shape across languages)', (lang) => {
    const rules = new Intl.PluralRules(lang);
    const needed = new Set(Array.from({ length: 101 }, (_, n) => rules.select(n)));
    const keys = new Set(Object.values(CATALOGS[lang]).flatMap((tree) => strings(tree).map(([k]) => k)));
    const families = [...keys].filter((k) => k.endsWith('_one')).map((k) => k.slice(0, -'_one'.length));
    expect(families.length).toBeGreaterThanOrEqual(FAMILIES.length);
    const gaps = families.flatMap((base) => ['one', 'few', 'many', 'other'].filter((c) => (needed.has(c as Intl.LDMLPluralRule) || c !== 'other') && !keys.has(`${base}_${c}`)).map((c) => `${base}_${c}`));
    expect(gaps).toEqual([]);
  });

  // A count followed by a word it governs needs plural forms; a count after a colon, in
  // brackets, before a preposition (“2 of 5”, «2 из 5») or at the end agrees with any number.
  // Kazakh nouns do not change after a numeral, so only ru and en are read.
  const COUNTS = /\{\{(count|days|n|max|k|delay|used|usedCount|pages|total|open|overdue|unassigned)\}\}( +([^\s{.,;:()]+))?/g;
  // Prepositions, a predicate, an abbreviation: words a count does not govern.
  const NEUTRAL_NEXT = new Set(['из', 'of', 'is', 'и', 'and', '—', '–', '%', 'скрыто', 'дн']);
  it.each(['ru', 'en'] as Lang[])('no %s text puts a count before a word outside a plural family', (lang) => {
    const offenders: string[] = [];
    for (const [name, tree] of Object.entries(CATALOGS[lang])) {
      for (const [key, text] of strings(tree)) {
        if (/_(one|few|many|other)$/.test(key) || name === 'noJs') continue;
        for (const m of text.matchAll(COUNTS)) if (m[3] && !NEUTRAL_NEXT.has(m[3])) offenders.push(`${name}.${key}: …${m[0]}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});

describe('one name per status', () => {
  it.each(LANGS)('in %s, reporter, no-JavaScript form, console and statistics agree', (lang) => {
    const c = CATALOGS[lang];
    const names = (tree: unknown, path: string[]) => path.reduce<any>((t, k) => t?.[k], tree) as Record<string, string>;
    const sources: Record<string, Record<string, string>> = {
      reporter: names(c.reporter, ['statusNames']),
      noJs: names(c.noJs, ['statusNames']),
      console: names(c.console, ['status']),
      stats: names(c.stats, ['stats', 'states']),
    };
    const differing: string[] = [];
    for (const status of CASE_STATUSES) {
      const seen = Object.entries(sources)
        .filter(([, s]) => s[status] !== undefined) // the statistics split `closed` into outcomes
        .map(([where, s]) => [where, s[status].toLocaleLowerCase(lang)] as const);
      if (new Set(seen.map(([, v]) => v)).size !== 1) differing.push(`${status}: ${seen.map(([w, v]) => `${w}=${v}`).join(', ')}`);
    }
    expect(differing).toEqual([]);
  });

  it.each(LANGS)('in %s, the closing outcomes too (the statistics write them after “closed: ”)', (lang) => {
    const c = CATALOGS[lang];
    const closed = `${(c.console.status as Record<string, string>).closed}: `;
    const sources: Record<string, Record<string, string>> = {
      reporter: c.reporter.outcomes as Record<string, string>,
      noJs: c.noJs.outcomes as Record<string, string>,
      console: c.console.outcome as Record<string, string>,
      stats: Object.fromEntries(Object.entries((c.stats.stats as Tree).states as Record<string, string>).map(([k, v]) => [k, v.toLocaleLowerCase(lang).replace(closed, '')])),
    };
    const differing: string[] = [];
    for (const outcome of CASE_OUTCOMES) {
      const seen = Object.entries(sources).map(([where, s]) => [where, s[outcome]?.toLocaleLowerCase(lang)] as const);
      if (new Set(seen.map(([, v]) => v)).size !== 1) differing.push(`${outcome}: ${seen.map(([w, v]) => `${w}=${v}`).join(', ')}`);
    }
    expect(differing).toEqual([]);
  });
});

describe('quoted labels', () => {
  const policy = kzPolicy();
  /** Every label the signed policy shows, in one language. */
  function policyLabels(lang: Lang): string[] {
    const i = policy.routingInputs;
    const labelled: { labels: Record<string, string> }[] = [
      ...policy.categories, ...(policy.sectors ?? []), ...policy.regions, ...policy.unitKinds,
      i.category, i.region, i.seniority, i.amount, i.flags, ...i.seniority.options, ...i.amount.options, ...i.flags.options,
      ...(i.sector ? [i.sector] : []),
    ];
    return [...labelled.map((x) => x.labels[lang]), i.region.unknownLabels[lang]];
  }
  // Quotes that name no label: a character, a placeholder.
  const NOT_LABELS = /^(\$|\.|\{\{\w+\}\})$/;
  // Labels of another program: Tor Browser's security levels (reporter safety advice).
  const EXTERNAL: Record<Lang, string[]> = { en: ['Standard', 'Safer', 'Safest'], ru: ['Стандартный', 'Высокий', 'Высший'], kk: ['Стандартты', 'Қауіпсізірек', 'Ең қауіпсіз'] };
  // Texts whose quotes are sample answers, not labels.
  const EXAMPLES = /(^|\.)whenHelp$/;
  /** Section titles of the project's guides (a text may point to one by its title, «Moving to …»). */
  const DOC_HEADINGS = fs
    .readdirSync(path.resolve(__dirname, '../../../docs'))
    .filter((f) => f.endsWith('.md'))
    .flatMap((f) => [...fs.readFileSync(path.resolve(__dirname, '../../../docs', f), 'utf8').matchAll(/^#+\s+(?:[\d.]+\s+)?(.+?)\s*$/gm)].map((m) => m[1]));
  /** The text with its quoted parts removed: a quote must be found in some other text, not in another quote. */
  const unquoted = (text: string) => text.replace(/«[^»]*»|“[^”]*”/g, ' ');

  it.each(LANGS)('every quoted label in %s exists', (lang) => {
    const lower = (s: string) => s.trim().toLocaleLowerCase(lang);
    const all = Object.entries(CATALOGS[lang]).flatMap(([name, tree]) => strings(tree).map(([k, v]) => [`${name}.${k}`, v] as const));
    const labels = new Set([...policyLabels(lang), ...EXTERNAL[lang], ...DOC_HEADINGS, ...all.map(([, v]) => v)].map(lower));
    const missing: string[] = [];
    for (const [where, text] of all) {
      if (EXAMPLES.test(where)) continue;
      for (const m of text.matchAll(/«([^»]+)»|“([^”]+)”/g)) {
        const quoted = (m[1] ?? m[2]).trim();
        if (NOT_LABELS.test(quoted) || labels.has(lower(quoted))) continue;
        // A phrase the interface shows inside a longer text (a marker, a status line) also counts.
        if (all.some(([other, v]) => other !== where && lower(unquoted(v)).includes(lower(quoted)))) continue;
        missing.push(`${where}: «${quoted}»`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('the legal warning quotes the criminal-signs checkbox as the form shows it', () => {
    for (const lang of LANGS) {
      const label = policy.routingInputs.flags.options.find((o) => o.id === 'criminal_signs')!.labels[lang];
      expect(strings(CATALOGS[lang].reporter).find(([k]) => k.endsWith('.legalWarning'))?.[1]).toContain(label);
    }
  });
});
