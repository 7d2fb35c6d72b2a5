import type { Messages } from './en';

/** Kazakh texts: drafts for native review. */
export const kk: Messages = {
  app: { title: 'Сыбайлас жемқорлық туралы қауіпсіз хабарлау', consoleTitle: 'Тергеушінің консолі' },
  lang: { label: 'Тіл' },
  crypto: { loading: 'Шифрлау дайындалуда…', ready: 'Шифрлау дайын: хабарламаңыз жіберілмес бұрын осы құрылғыда шифрланады.', readySlow: 'Шифрлау дайын, баяуырақ режимде (бұл браузерде WebAssembly өшірілген): хабарламаңыз жіберілмес бұрын осы құрылғыда шифрланады.', failed: 'Бұл браузерде шифрлауды іске қосу мүмкін болмады.' },
};
