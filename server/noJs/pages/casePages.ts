import { REPORTER_TEMPLATES } from '../../../core/statusTemplates';
import { html, layout, pageUrl } from '../html';
import { fill, textsFor, type NoJsLang } from '../texts';
import type { OpenedCaseView } from '../commands/caseByCode';

const LOCALES: Record<NoJsLang, string> = { kk: 'kk-KZ', ru: 'ru-RU', en: 'en-GB' };
// Node's ICU may lack Kazakh month names, so they are spelled out (as client/reporter/format.ts does).
const KK_MONTHS = ['қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде', 'тамыз', 'қыркүйек', 'қазан', 'қараша', 'желтоқсан'];
export const MESSAGE_MAX_CHARS = 20_000; // as the JavaScript portal: well inside the 64 KiB sealed-message limit

/** A date without time of day (stored times are rounded), in the deployment's time zone offset. */
export function formatDate(lang: NoJsLang, at: Date, utcOffsetMinutes: number): string {
  const local = new Date(at.getTime() + utcOffsetMinutes * 60_000);
  if (lang === 'kk') return `${local.getUTCFullYear()} жылғы ${local.getUTCDate()} ${KK_MONTHS[local.getUTCMonth()]}`;
  return new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'long', timeZone: 'UTC' }).format(local);
}

/** The code input: never autocompleted, never in a URL (the form posts it). */
const codeInput = (lang: NoJsLang, value: string) => {
  const t = textsFor(lang);
  return html`<label for="code">${t.status.codeLabel}</label>
<p class="help" id="code-help">${t.status.codeHelp}</p>
<input type="text" id="code" name="code" value="${value}" maxlength="64" autocomplete="off" autocapitalize="characters" spellcheck="false" required aria-describedby="code-help">`;
};

/** GET /nojs/status, and a refused POST /nojs/status (problem text, typed code kept). */
export function codeEntryPage(lang: NoJsLang, problem?: string, typed = ''): string {
  const t = textsFor(lang);
  const body = html`<h1>${t.status.title}</h1>
<p>${t.status.intro}</p>
${problem ? html`<p class="error" role="alert" data-testid="code-problem">${problem}</p>` : ''}
<form method="post" action="${pageUrl('/nojs/status', lang)}" accept-charset="utf-8" autocomplete="off" novalidate>
${codeInput(lang, typed)}
<button type="submit" class="primary">${t.status.open}</button>
</form>`;
  return layout(lang, t.status.title, body, '/nojs/status');
}

/** After a submission: the case code, shown once. */
export function codeIssuedPage(lang: NoJsLang, displayCode: string, receivedAt: Date, utcOffsetMinutes: number): string {
  const t = textsFor(lang);
  const body = html`<h1>${t.code.title}</h1>
<p>${t.code.intro}</p>
<p class="code-label">${t.code.label}:</p>
<p class="case-code" data-testid="case-code">${displayCode}</p>
<p class="warning">${t.code.keepSafe}</p>
<p>${t.code.noReload}</p>
<p>${fill(t.code.receivedAt, { date: formatDate(lang, receivedAt, utcOffsetMinutes) })}</p>
<p>${t.code.next}</p>`;
  return layout(lang, t.code.title, body, '/nojs/status');
}

/**
 * The opened case: status, history, decrypted thread and the message form. The code rides in a
 * hidden field of that form (a POST body, never a URL); the page is sent with no-store.
 * `maxMessages`: the per-case cap on the reporter's messages, shown before it is reached.
 */
export function caseViewPage(lang: NoJsLang, displayCode: string, view: OpenedCaseView, utcOffsetMinutes: number, notice?: string, maxMessages?: number): string {
  const t = textsFor(lang);
  const date = (at: Date) => formatDate(lang, at, utcOffsetMinutes);
  const statusName = (s: string) => t.statusNames[s] ?? s;
  const timeline = view.timeline.map((e) => {
    const template = e.template && e.template in REPORTER_TEMPLATES ? REPORTER_TEMPLATES[e.template as keyof typeof REPORTER_TEMPLATES][lang] : '';
    const what = fill(t.timeline[e.kind] ?? e.kind, { status: e.status ? statusName(e.status) : '' });
    return html`<li data-kind="${e.kind}"><time>${date(e.at)}</time>: ${what}${template ? html`<p class="template">${template}</p>` : ''}</li>`;
  });
  const thread = view.messages.map(
    (m) => html`<li class="message from-${m.from}" data-from="${m.from}"><p class="help">${m.from === 'reporter' ? t.status.fromReporter : t.status.fromInvestigator}, <time>${date(m.at)}</time></p>
<p class="message-text">${m.text ?? t.status.unreadable}</p></li>`,
  );
  const body = html`<h1>${t.status.title}</h1>
${notice ? html`<p class="ok" role="status" data-testid="case-notice">${notice}</p>` : ''}
<dl class="case-status"><dt>${t.status.current}</dt><dd data-testid="case-status" data-status="${view.status}">${statusName(view.status)}</dd>
${view.outcome ? html`<dt>${t.status.outcome}</dt><dd>${t.outcomes[view.outcome] ?? view.outcome}</dd>` : ''}</dl>
<h2>${t.status.timeline}</h2>
<ol class="timeline" data-testid="timeline">${timeline}</ol>
<h2>${t.status.messages}</h2>
${thread.length ? html`<ol class="thread" data-testid="thread">${thread}</ol>` : html`<p class="help">${t.status.noMessages}</p>`}
<div class="warning" role="note"><p>${t.weaker.text}</p></div>
${maxMessages !== undefined ? html`<p class="help" data-testid="message-caps">${fill(t.status.messageCaps, { max: maxMessages, used: view.messagesUsed ?? 0 })}</p>` : ''}
${messageForms(lang, displayCode)}`;
  return layout(lang, t.status.title, body, '/nojs/status');
}

/** The message form (code in a hidden field) and the "refresh" button that re-opens the case. */
function messageForms(lang: NoJsLang, displayCode: string, problem?: string, draft = '') {
  const t = textsFor(lang);
  return html`<form method="post" action="${pageUrl('/nojs/message', lang)}" accept-charset="utf-8" autocomplete="off" novalidate>
<input type="hidden" name="code" value="${displayCode}">
<label for="message">${t.status.reply}</label>
${problem ? html`<p class="error" role="alert" data-testid="message-problem">${problem}</p>` : ''}
<textarea id="message" name="message" rows="5" maxlength="${MESSAGE_MAX_CHARS}" autocomplete="off" spellcheck="false">${draft}</textarea>
<button type="submit" class="primary" data-testid="nojs-send">${t.status.send}</button>
</form>
<form method="post" action="${pageUrl('/nojs/status', lang)}" accept-charset="utf-8" autocomplete="off">
<input type="hidden" name="code" value="${displayCode}">
<button type="submit" data-testid="nojs-refresh">${t.status.refresh}</button>
</form>
<p class="help">${t.status.leave}</p>`;
}

/** A refused message (empty or too long): the form again with what was typed; no key was derived, nothing sent. */
export function messageProblemPage(lang: NoJsLang, displayCode: string, problem: string, draft: string): string {
  const t = textsFor(lang);
  return layout(lang, t.status.title, html`<h1>${t.status.title}</h1>${messageForms(lang, displayCode, problem, draft)}`, '/nojs/status');
}
