import { NOTIFY_KINDS } from '../../../core/jobs';
import { notificationMail } from '../../../workers/notifications/mailText';

describe('notification mail text', () => {
  it.each(NOTIFY_KINDS)('%s: says only that something waits, in kk, ru and en, with the bare console link', (kind) => {
    const mail = notificationMail(kind, 3, 'https://console.example.kz/console');
    expect(mail.subject).toBe('ClearChannel');
    expect(mail.text).toContain('Unread notifications: 3.');
    expect(mail.text).toContain('Непрочитанных уведомлений: 3.');
    expect(mail.text).toContain('Оқылмаған хабарламалар: 3.');
    expect(mail.text.trimEnd().endsWith('https://console.example.kz/console')).toBe(true);
    expect(mail.text).not.toMatch(/@|KZ-|case\/|\?/);
  });

  it('says each kind of a batch once, in the order of the kinds (one mail per investigator and bucket)', () => {
    const mail = notificationMail(['message', 'new_case', 'message'], 2);
    expect(mail.text).toContain('A new case is waiting in your inbox. There is a new message.\nUnread notifications: 2.');
    expect(mail.text).toContain('В вашем ящике новое дело. Есть новое сообщение.');
  });

  it('has no link at all when no console address is configured', () => {
    expect(notificationMail('new_case', 1).text).not.toContain('http');
  });
});
