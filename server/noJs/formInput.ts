/**
 * The report form's fields (application/x-www-form-urlencoded, parsed in memory) → the same
 * ReportDraft the JavaScript portal builds, checked the way its form checks it. Nothing here
 * stores or logs anything: a bad answer only produces the list of problems shown on the page.
 */
import { labelText, type Policy } from '../../core/policy';
import { routingMetadataIssues, type RoutingMetadata } from '../../core/routing/types';
import { iinProblem, reportBodySize, type ReportDraft } from '../../core/submission';
import { fill, type NoJsLang, type NoJsTexts } from './texts';

/** What the reporter typed and chose, as strings, to fill the form again after a problem. */
export type FormValues = {
  category: string; sector: string; region: string; seniority: string; amount: string; flags: string[];
  description: string; when: string; where: string; who: string; evidence: string;
  mode: 'anonymous' | 'confidential'; name: string; iin: string; address: string; contact: string; note: string;
};

/** Field id → what to fix, in the reporter's language. */
export type Problems = Record<string, string>;

export const DETAIL_FIELDS = ['when', 'where', 'who', 'evidence'] as const;
/** The answers that decide who can read the report. */
export const ROUTING_FIELDS = ['category', 'sector', 'region', 'seniority', 'amount', 'flags'];
const IDENTITY_MAX_CHARS = 2000;

/** One field of a urlencoded body: a repeated key gives an array; the first value counts. */
export function field(body: unknown, name: string): string {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
}

/** Every value of a repeated field (checkboxes). */
export function fields(body: unknown, name: string): string[] {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string' && v !== '');
}

export function readFormValues(body: unknown): FormValues {
  const f = (name: string) => field(body, name);
  return {
    category: f('category'), sector: f('sector'), region: f('region'), seniority: f('seniority'), amount: f('amount'),
    flags: [...new Set(fields(body, 'flags'))],
    description: f('description'), when: f('when'), where: f('where'), who: f('who'), evidence: f('evidence'),
    mode: f('mode') === 'confidential' ? 'confidential' : 'anonymous',
    name: f('name'), iin: f('iin'), address: f('address'), contact: f('contact'), note: f('note'),
  };
}

export const EMPTY_FORM: FormValues = readFormValues({});

/** The label of a routing question, for "answer this question: …". */
function questionLabel(policy: Policy, id: string, lang: NoJsLang): string {
  const q = policy.routingInputs;
  const labels = { category: q.category.labels, sector: q.sector?.labels, region: q.region.labels, seniority: q.seniority.labels, amount: q.amount.labels, flags: q.flags.labels }[id];
  return labels ? labelText(labels, lang) : id;
}

/** Checks the answers against the signed policy; returns the draft, or the problems to show. */
export function draftFromForm(policy: Policy, v: FormValues, lang: NoJsLang, t: NoJsTexts): { draft?: ReportDraft; problems: Problems } {
  const problems: Problems = {};
  const required = { category: v.category, region: v.region, seniority: v.seniority, amount: v.amount };
  for (const [id, value] of Object.entries(required)) if (!value) problems[id] = fill(t.form.missing, { field: questionLabel(policy, id, lang) });
  if (!v.description.trim()) problems.description = fill(t.form.missing, { field: t.form.descriptionLabel });
  const routing: RoutingMetadata = { category: v.category, ...(v.sector ? { sector: v.sector } : {}), region: v.region, seniority: v.seniority, amount: v.amount, flags: v.flags };
  if (!Object.keys(problems).some((id) => id in required)) {
    // The same check the intake applies: only values the signed policy offers.
    for (const issue of routingMetadataIssues(policy, routing)) {
      const id = issue.split(':')[0].replace(/\[\d+\]$/, '');
      problems[id] ??= fill(t.form.notOffered, { field: questionLabel(policy, id, lang) });
    }
  }
  const identity = v.mode === 'confidential' ? { name: v.name, iin: v.iin, address: v.address, contact: v.contact, note: v.note } : undefined;
  if (identity) {
    if (!identity.name.trim()) problems.name = fill(t.form.missing, { field: t.confidential.name });
    if (!identity.contact.trim()) problems.contact = fill(t.form.missing, { field: t.confidential.contact });
    // The IIN is optional; given, it must be well formed (as the JavaScript form checks it).
    const iinIssue = identity.iin.trim() ? iinProblem(identity.iin) : null;
    if (iinIssue) problems.iin = iinIssue === 'digits' ? t.confidential.iinDigits : t.confidential.iinCheck;
    for (const id of ['name', 'address', 'contact', 'note'] as const) {
      if (identity[id].length > IDENTITY_MAX_CHARS) problems[id] = fill(t.form.fieldTooLong, { field: t.confidential[id], max: IDENTITY_MAX_CHARS });
    }
  }
  const draft: ReportDraft = { routing, description: v.description, details: { when: v.when, where: v.where, who: v.who, evidence: v.evidence }, identity, lang, attachments: 0 };
  const size = reportBodySize(draft);
  if (size > policy.limits.maxBodyBytes) problems.description = fill(t.form.tooLong, { size, max: policy.limits.maxBodyBytes });
  return Object.keys(problems).length ? { problems } : { draft, problems };
}
