import { html, layout, pageUrl } from '../html';
import { fill, NOJS_LANGUAGES, textsFor, type NoJsLang } from '../texts';

/** "Busy, try again later" (HTTP 503 with Retry-After): the budget or the derivation bound is spent. */
export function busyPage(lang: NoJsLang, retryAfterSeconds: number): string {
  const t = textsFor(lang);
  const body = html`<h1>${t.busy.title}</h1>
<p data-testid="busy">${fill(t.busy.text, { minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) })}</p>
<p>${t.busy.back}</p>`;
  return layout(lang, t.busy.title, body);
}

/** A problem that is not about one field: too large a body, no policy, no unit keys. */
export function problemPage(lang: NoJsLang, message: string): string {
  const t = textsFor(lang);
  return layout(lang, t.errors.title, html`<h1>${t.errors.title}</h1><p class="error" role="alert" data-testid="problem">${message}</p>`);
}

/** An unknown `?lang=`: the choice in every language, since we cannot know the reader's. */
export function languageChoicePage(path: string): string {
  const links = NOJS_LANGUAGES.map((l) => html`<li><a href="${pageUrl(path, l)}" lang="${l}" hreflang="${l}">${textsFor(l).lang.name}</a></li>`);
  const body = html`${NOJS_LANGUAGES.map((l) => html`<p lang="${l}" data-testid="bad-language">${textsFor(l).errors.badLanguage}</p>`)}<ul class="langs">${links}</ul>`;
  return layout('ru', 'Язык / Тіл / Language', body, path);
}
