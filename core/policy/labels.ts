/**
 * Human labels. Every label in the policy exists in Kazakh, Russian and English; the Kazakh
 * texts of the default policy are drafts awaiting native review. Labels live in the signed
 * policy, never in code, so a deployment can correct a translation without a release.
 */
import { z } from 'zod';

export const LANGUAGES = ['kk', 'ru', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const LanguageSchema = z.enum(LANGUAGES);

const Text = z.string().trim().min(1).max(600);

/** A label in every supported language. */
export const LabelsSchema = z.strictObject({ kk: Text, ru: Text, en: Text });
export type Labels = z.infer<typeof LabelsSchema>;

/** The text of a label in `lang`, falling back to Russian, then English (never empty). */
export function labelText(labels: Labels, lang: Language | string): string {
  const wanted = (LANGUAGES as readonly string[]).includes(lang) ? labels[lang as Language] : '';
  return wanted || labels.ru || labels.en;
}
