import type { Messages } from './en';

export const ru: Messages = {
  app: { title: 'Безопасно сообщить о коррупции', consoleTitle: 'Консоль следователя' },
  lang: { label: 'Язык' },
  crypto: { loading: 'Подготовка шифрования…', ready: 'Шифрование готово: сообщение шифруется на этом устройстве до отправки.', failed: 'В этом браузере не удалось запустить шифрование.' },
};
