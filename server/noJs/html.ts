/**
 * A tiny HTML builder for the server-rendered no-JavaScript pages: every interpolated value is
 * escaped unless it is itself built with `html` (a SafeHtml). No template engine, no inline
 * script or style (the CSP forbids both), and nothing but this module writes markup.
 */
import { randomBytes } from 'node:crypto';
import { statusAnswerBucket } from '../../core/submission/padding';
import { NOJS_LANGUAGES, textsFor, type NoJsLang } from './texts';

export class SafeHtml {
  constructor(readonly value: string) {}
  toString() {
    return this.value;
  }
}

type Part = SafeHtml | string | number | boolean | null | undefined | Part[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and double- or single-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function render(part: Part): string {
  if (part instanceof SafeHtml) return part.value;
  if (Array.isArray(part)) return part.map(render).join('');
  if (part === null || part === undefined || part === false) return '';
  return escapeHtml(String(part));
}

/** Tagged template: `html\`<p>${text}</p>\`` escapes `text`; nested `html` results pass through. */
export function html(strings: TemplateStringsArray, ...values: Part[]): SafeHtml {
  let out = strings[0];
  values.forEach((v, i) => (out += render(v) + strings[i + 1]));
  return new SafeHtml(out);
}

/**
 * A page that shows a case, padded with a trailing comment to the size buckets of the JSON
 * status answer (core/submission/padding.ts), so its length does not tell how long the thread is.
 * Random base64 (no "-", so no "--" inside the comment): a proxy that gzips, though told not to
 * (docs/operations.md), cannot squeeze the padding out again.
 */
export function paddedPage(page: string): string {
  const bare = `${page}<!---->`;
  const length = Buffer.byteLength(bare, 'utf8');
  const n = statusAnswerBucket(length) - length;
  return `${page}<!--${randomBytes(Math.ceil((n * 3) / 4) + 3).toString('base64').replace(/=/g, '').slice(0, n)}-->`;
}

/** `selected`/`checked` attributes. */
export const when = (condition: boolean, attribute: string) => (condition ? new SafeHtml(` ${attribute}`) : '');

/** The address of a no-JS page in a language (the only query parameter the form ever uses). */
export const pageUrl = (path: string, lang: NoJsLang) => `${path}?lang=${lang}`;

/**
 * The whole page: language links, the navigation between "report" and "check my case", and
 * the body. `path` is the GET page the language links lead to.
 */
export function layout(lang: NoJsLang, title: string, body: SafeHtml, path = '/nojs'): string {
  const t = textsFor(lang);
  const languages = NOJS_LANGUAGES.map((l) =>
    l === lang ? html`<li><strong lang="${l}">${textsFor(l).lang.name}</strong></li>` : html`<li><a href="${pageUrl(path, l)}" lang="${l}" hreflang="${l}">${textsFor(l).lang.name}</a></li>`,
  );
  return `<!doctype html>\n${html`<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/nojs/style.css">
<title>${title} — ${t.site.title}</title>
</head>
<body>
<header>
<p class="site">${t.site.title} · ${t.site.noJs}</p>
<nav aria-label="${t.lang.switch}"><ul class="langs">${languages}</ul></nav>
<nav><ul class="nav"><li><a href="${pageUrl('/nojs', lang)}">${t.site.report}</a></li><li><a href="${pageUrl('/nojs/status', lang)}">${t.site.check}</a></li></ul></nav>
</header>
<main>
${body}
</main>
</body>
</html>`}`;
}
