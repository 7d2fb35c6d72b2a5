import { labelOf, labelText, unitLabel, type Policy } from '../../../core/policy';
import { html, layout, pageUrl, when, type SafeHtml } from '../html';
import { DETAIL_FIELDS, type FormValues, type Problems } from '../formInput';
import { fill, textsFor, type NoJsLang } from '../texts';

/** The units that will hold the keys, for the answers as posted (core/routing readers lists). */
export type Readers = { report: string[]; identity?: string[]; /** Notified units that only read a copy (marked in the list). */ copyOnly?: string[] };

function readersBox(policy: Policy, lang: NoJsLang, readers: Readers): SafeHtml {
  const t = textsFor(lang);
  const mark = (id: string) => (readers.copyOnly?.includes(id) ? ` ${t.form.readersCopyOnly}` : '');
  const names = (ids: string[]) => ids.map((id) => unitLabel(policy, id, lang) + mark(id)).join('; ');
  return html`<div class="readers" role="status" data-testid="readers"><h2>${t.form.readersTitle}</h2>
<p data-testid="readers-report">${fill(t.form.readersReport, { units: names(readers.report) })}</p>
${readers.identity ? html`<p data-testid="readers-identity">${fill(t.form.readersIdentity, { units: names(readers.identity) })}</p>` : ''}
<p class="help">${t.form.readersNote}</p></div>`;
}

type Option = { value: string; label: string; help?: string };

/** Ids of the help and problem texts of a field, for aria-describedby. */
const describedBy = (id: string, help: string, problems: Problems) => {
  const ids = [help ? `${id}-help` : '', problems[id] ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids ? html` aria-describedby="${ids}"` : '';
};

/** A problem next to its field (and linked from the summary at the top). */
const problemOf = (problems: Problems, id: string) => (problems[id] ? html`<p class="error" id="${id}-error">${problems[id]}</p>` : '');

function select(id: string, label: string, help: string, required: boolean, value: string, placeholder: string, options: Option[], problems: Problems): SafeHtml {
  return html`<div class="field">
<label for="${id}">${label}${required ? ' *' : ''}</label>
${help ? html`<p class="help" id="${id}-help">${help}</p>` : ''}${problemOf(problems, id)}
<select id="${id}" name="${id}"${when(required, 'required')}${describedBy(id, help, problems)}>
<option value="">${placeholder}</option>
${options.map((o) => html`<option value="${o.value}"${when(o.value === value, 'selected')}>${o.label}</option>`)}
</select>
</div>`;
}

function choices(id: string, kind: 'radio' | 'checkbox', label: string, help: string, required: boolean, isChecked: (v: string) => boolean, options: Option[], problems: Problems): SafeHtml {
  return html`<fieldset class="field" id="${id}"${describedBy(id, help, problems)}>
<legend>${label}${required ? ' *' : ''}</legend>
${help ? html`<p class="help" id="${id}-help">${help}</p>` : ''}${problemOf(problems, id)}
${options.map(
  (o) => html`<div class="choice"><input type="${kind}" id="${id}-${o.value}" name="${id}" value="${o.value}"${when(isChecked(o.value), 'checked')}${when(required && kind === 'radio', 'required')}>
<label for="${id}-${o.value}">${o.label}</label>${o.help ? html`<p class="help">${o.help}</p>` : ''}</div>`,
)}
</fieldset>`;
}

function text(id: string, label: string, help: string, value: string, problems: Problems, options: { rows?: number; required?: boolean; maxLength?: number } = {}): SafeHtml {
  const attrs = html`id="${id}" name="${id}" autocomplete="off" spellcheck="false"${when(Boolean(options.required), 'required')}${options.maxLength ? html` maxlength="${options.maxLength}"` : ''}${describedBy(id, help, problems)}`;
  return html`<div class="field">
<label for="${id}">${label}${options.required ? ' *' : ''}</label>
${help ? html`<p class="help" id="${id}-help">${help}</p>` : ''}${problemOf(problems, id)}
${options.rows ? html`<textarea ${attrs} rows="${options.rows}">${value}</textarea>` : html`<input type="text" ${attrs} value="${value}">`}
</div>`;
}

/** The routing questions, straight from the signed policy (as client/reporter/components/RoutingQuestions.tsx). */
function routingQuestions(policy: Policy, lang: NoJsLang, v: FormValues, problems: Problems): SafeHtml {
  const t = textsFor(lang);
  const q = policy.routingInputs;
  const l = (labels: Parameters<typeof labelText>[0]) => labelText(labels, lang);
  const ordered = (opts: typeof q.seniority.options) => opts.map((o) => ({ value: o.id, label: l(o.labels), help: l(o.help) }));
  const categoryHelp = [l(q.category.help), ...policy.categories.filter((c) => c.help).map((c) => `${labelOf(policy, 'category', c.id, lang)}: ${l(c.help!)}`)].join(' ');
  return html`<section aria-labelledby="routing-title">
<h2 id="routing-title">${t.form.routingTitle}</h2>
<p class="help">${t.form.routingHelp}</p>
${select('category', l(q.category.labels), categoryHelp, true, v.category, t.form.choose, policy.categories.map((c) => ({ value: c.id, label: labelOf(policy, 'category', c.id, lang) })), problems)}
${q.sector && policy.sectors?.length ? select('sector', l(q.sector.labels), l(q.sector.help), false, v.sector, t.form.sectorNone, policy.sectors.map((s) => ({ value: s.id, label: labelOf(policy, 'sector', s.id, lang) })), problems) : ''}
${select('region', l(q.region.labels), l(q.region.help), true, v.region, t.form.choose, [...policy.regions.map((r) => ({ value: r.code, label: labelOf(policy, 'region', r.code, lang) })), { value: 'unknown', label: l(q.region.unknownLabels) }], problems)}
${choices('seniority', 'radio', l(q.seniority.labels), l(q.seniority.help), true, (x) => x === v.seniority, ordered(q.seniority.options), problems)}
${choices('amount', 'radio', l(q.amount.labels), l(q.amount.help), true, (x) => x === v.amount, ordered(q.amount.options), problems)}
${q.flags.options.length ? choices('flags', 'checkbox', l(q.flags.labels), `${l(q.flags.help)} ${t.form.flagsNone}`, false, (x) => v.flags.includes(x), q.flags.options.map((o) => ({ value: o.id, label: l(o.labels), help: l(o.help) })), problems) : ''}
</section>`;
}

/** GET /nojs and a refused POST /nojs/report: the whole form, filled with `v`, problems on top. */
export function reportPage(policy: Policy, lang: NoJsLang, v: FormValues, problems: Problems, readers?: Readers): string {
  const t = textsFor(lang);
  const summary = Object.keys(problems).length
    ? html`<div class="error-summary" role="alert" data-testid="form-problems"><p>${t.form.fixErrors}</p><ul>${Object.entries(problems).map(([id, p]) => html`<li><a href="#${id}">${p}</a></li>`)}</ul></div>`
    : '';
  const body = html`<h1>${t.form.title}</h1>
<div class="warning" role="note" data-testid="weaker-warning"><h2>${t.weaker.title}</h2><p>${t.weaker.text}</p><p>${t.weaker.files}</p></div>
${summary}
<form method="post" action="${pageUrl('/nojs/report', lang)}" accept-charset="utf-8" autocomplete="off" novalidate>
<p class="help">${t.form.required}</p>
${routingQuestions(policy, lang, v, problems)}
<section aria-labelledby="description-title">
<h2 id="description-title">${t.form.descriptionTitle}</h2>
${text('description', t.form.descriptionLabel, t.form.descriptionHelp, v.description, problems, { rows: 10, required: true })}
<h3>${t.form.detailsTitle}</h3>
<p class="help">${t.form.detailsHelp}</p>
${DETAIL_FIELDS.map((k) => text(k, t.form[k], t.form[`${k}Help`], v[k], problems, { rows: k === 'who' || k === 'evidence' ? 3 : undefined }))}
</section>
<section aria-labelledby="confidential-title">
<h2 id="confidential-title">${t.confidential.title}</h2>
<p>${t.confidential.explain}</p>
<p>${t.confidential.legal}</p>
${choices('mode', 'radio', t.confidential.title, '', false, (x) => x === v.mode, [{ value: 'anonymous', label: t.confidential.anonymous }, { value: 'confidential', label: t.confidential.confidential }], problems)}
<p class="help">${t.confidential.fields}</p>
<p class="help" data-testid="confidential-rights">${t.confidential.rights}</p>
${text('name', t.confidential.name, '', v.name, problems, { maxLength: 2000 })}
${text('iin', t.confidential.iin, t.confidential.iinHelp, v.iin, problems, { maxLength: 16 })}
${text('address', t.confidential.address, t.confidential.addressHelp, v.address, problems, { rows: 2, maxLength: 2000 })}
${text('contact', t.confidential.contact, t.confidential.contactHelp, v.contact, problems, { maxLength: 2000 })}
${text('note', t.confidential.note, '', v.note, problems, { rows: 2, maxLength: 2000 })}
</section>
<p class="help">${t.weaker.files}</p>
${readers ? readersBox(policy, lang, readers) : ''}
<button type="submit" name="review" value="1" data-testid="nojs-review">${t.form.review}</button>
<button type="submit" class="primary" data-testid="nojs-submit">${t.form.submit}</button>
</form>`;
  return layout(lang, t.form.title, body, '/nojs');
}
