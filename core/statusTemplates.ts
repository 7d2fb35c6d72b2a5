/**
 * Texts an investigator can send the reporter with a status change, a deadline extension or a
 * transfer: fixed templates in kk/ru/en, so the reporter reads them in their own language and
 * the server stores only a template id (never free text about the case). The reporter's status
 * page renders `REPORTER_TEMPLATES[id][lang]` for a timeline entry's `template`.
 */
import type { CaseStatus } from './lifecycle';

type Texts = { kk: string; ru: string; en: string };

export const REPORTER_TEMPLATES = {
  acknowledged: {
    en: 'Your report has been registered by the unit responsible for it.',
    ru: 'Ваше сообщение зарегистрировано ответственным подразделением.',
    kk: 'Хабарламаңызды жауапты бөлімше тіркеді.',
  },
  assessment_started: {
    en: 'Your report is being assessed.',
    ru: 'Ваше сообщение проходит предварительную оценку.',
    kk: 'Хабарламаңыз алдын ала бағалауда.',
  },
  investigation_started: {
    en: 'An inquiry into the facts you reported has started.',
    ru: 'Начата проверка изложенных вами фактов.',
    kk: 'Сіз хабарлаған фактілер бойынша тексеру басталды.',
  },
  closed_substantiated: {
    en: 'The inquiry is finished: the facts were confirmed and measures were taken.',
    ru: 'Проверка завершена: факты подтвердились, приняты меры.',
    kk: 'Тексеру аяқталды: фактілер расталды, шаралар қабылданды.',
  },
  closed_unsubstantiated: {
    en: 'The inquiry is finished: the facts were not confirmed.',
    ru: 'Проверка завершена: факты не подтвердились.',
    kk: 'Тексеру аяқталды: фактілер расталмады.',
  },
  closed_referred: {
    en: 'The inquiry is finished: the materials were sent to the competent law-enforcement body.',
    ru: 'Проверка завершена: материалы направлены в компетентный правоохранительный орган.',
    kk: 'Тексеру аяқталды: материалдар құзыретті құқық қорғау органына жіберілді.',
  },
  closed_insufficient_information: {
    en: 'The inquiry is finished: the information provided was not enough to establish the facts.',
    ru: 'Проверка завершена: предоставленных сведений недостаточно для установления фактов.',
    kk: 'Тексеру аяқталды: берілген мәліметтер фактілерді анықтауға жеткіліксіз.',
  },
  extension_complexity: {
    en: 'The time to answer was extended because the inquiry is complex.',
    ru: 'Срок ответа продлён в связи со сложностью проверки.',
    kk: 'Тексерудің күрделілігіне байланысты жауап беру мерзімі ұзартылды.',
  },
  extension_awaiting_information: {
    en: 'The time to answer was extended while information is requested from other bodies.',
    ru: 'Срок ответа продлён в связи с запросом сведений в других органах.',
    kk: 'Басқа органдардан мәліметтер сұратылуына байланысты жауап беру мерзімі ұзартылды.',
  },
  transferred: {
    en: 'Your report was passed to the unit competent to handle it.',
    ru: 'Ваше сообщение передано в компетентное подразделение.',
    kk: 'Хабарламаңыз құзыретті бөлімшеге берілді.',
  },
} as const satisfies Record<string, Texts>;

export type ReporterTemplateId = keyof typeof REPORTER_TEMPLATES;

/** Which templates fit a move to each status (and, for closing, each outcome). */
export const STATUS_TEMPLATES: Record<Exclude<CaseStatus, 'received'>, readonly ReporterTemplateId[]> = {
  acknowledged: ['acknowledged'],
  assessment: ['assessment_started'],
  investigation: ['investigation_started'],
  closed: ['closed_substantiated', 'closed_unsubstantiated', 'closed_referred', 'closed_insufficient_information'],
};

export const EXTENSION_TEMPLATES: readonly ReporterTemplateId[] = ['extension_complexity', 'extension_awaiting_information'];

export function isReporterTemplate(id: string): id is ReporterTemplateId {
  return Object.hasOwn(REPORTER_TEMPLATES, id);
}
