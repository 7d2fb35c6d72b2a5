import type { NotifyKind } from '../../core/jobs';

/**
 * The text of a notification mail. Mail crosses servers we do not control, so it says only
 * that something waits in the console: no case content, no category, no region, no unit, no
 * case reference, and a link to the console's front door without any id. Three languages,
 * since the investigator's language is not stored.
 */
const LINES: Record<NotifyKind, { kk: string; ru: string; en: string }> = {
  new_case: { kk: 'Кіріс жәшігіңізде жаңа іс бар.', ru: 'В вашем ящике новое дело.', en: 'A new case is waiting in your inbox.' },
  assigned: { kk: 'Сізге іс тағайындалды.', ru: 'Вам назначено дело.', en: 'A case has been assigned to you.' },
  reminder: { kk: 'Мерзім жақындап келеді.', ru: 'Приближается срок.', en: 'A deadline is approaching.' },
  overdue: { kk: 'Мерзім өтіп кетті.', ru: 'Срок пропущен.', en: 'A deadline has passed.' },
  escalation: { kk: 'Іс сіздің бөлімшеңізге берілді.', ru: 'Дело передано в ваше подразделение.', en: 'A case has been passed to your unit.' },
  message: { kk: 'Жаңа хабарлама бар.', ru: 'Есть новое сообщение.', en: 'There is a new message.' },
  copy: { kk: 'Бөлімшеңізге іс көшірмесі келді (тек оқу үшін).', ru: 'Вашему подразделению поступила копия дела (только чтение).', en: 'A copy of a case is available to your unit (read only).' },
  notice: { kk: 'Бөлімшеңізге бір іс туралы хабарланды.', ru: 'Ваше подразделение уведомлено о деле.', en: 'Your unit has been notified of a case.' },
};

/**
 * One mail for a batch of notifications (one investigator, one ended bucket): a line per kind
 * present, in each language, and the unread count.
 */
export function notificationMail(kinds: NotifyKind | readonly NotifyKind[], unread: number, consoleUrl?: string): { subject: string; text: string } {
  const present = (Object.keys(LINES) as NotifyKind[]).filter((k) => (typeof kinds === 'string' ? [kinds] : kinds).includes(k));
  const say = (lang: 'kk' | 'ru' | 'en') => present.map((k) => LINES[k][lang]).join(' ');
  const where = consoleUrl ? `\n\n${consoleUrl}` : '';
  return {
    subject: 'ClearChannel',
    text:
      `${say('kk')}\nОқылмаған хабарламалар: ${unread}.\n\n` +
      `${say('ru')}\nНепрочитанных уведомлений: ${unread}.\n\n` +
      `${say('en')}\nUnread notifications: ${unread}.${where}\n`,
  };
}
