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
  policy_expiry: {
    kk: 'Қол қойылған саясаттың немесе мерекелер күнтізбесінің мерзімі жақында аяқталады: кілттер сақтаушысына хабарлаңыз.',
    ru: 'Скоро истекает подписанная политика или календарь праздников: сообщите хранителю ключей.',
    en: 'The signed policy or its holiday calendar runs out soon: tell the key custodian.',
  },
};

/** The custodian's mail about a policy or calendar running out (no case data at all). */
export function expiryMail(w: { what: 'policy' | 'calendar'; endsAt: string; daysLeft: number }): { subject: string; text: string } {
  const date = w.endsAt.slice(0, 10);
  const what = w.what === 'policy'
    ? { kk: 'Қол қойылған саясат', ru: 'Подписанная политика', en: 'The signed policy' }
    : { kk: 'Мерекелер күнтізбесі', ru: 'Календарь праздников', en: 'The holiday calendar' };
  return {
    subject: `ClearChannel: ${w.what} ${date}`,
    text:
      `${what.kk} ${date} аяқталады (${w.daysLeft} күн қалды). Келесі жылдың мерекелерін енгізіп, жаңа саясатқа қол қойыңыз (keys calendar-extend, sign).\n\n` +
      `${what.ru} заканчивается ${date} (осталось дней: ${w.daysLeft}). Внесите праздники следующего года и подпишите новую политику (keys calendar-extend, sign).\n\n` +
      `${what.en} runs out on ${date} (${w.daysLeft} days left). Enter the next year's holidays and sign a new policy (keys calendar-extend, sign).\n`,
  };
}

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
