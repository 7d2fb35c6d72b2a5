/**
 * The default policy's legal-process parts that concern the reporter personally: the grounds on
 * which a confidential identity may be revealed, the reward rules, and which anonymous reports
 * have no right to consideration under the APPC. docs/policy.md marks what the agency must
 * confirm. Kazakh (kk) texts are drafts awaiting native review.
 */
import type { PolicySource } from '../../core/policy/schema';

type L3 = { kk: string; ru: string; en: string };
const L = (en: string, ru: string, kk: string): L3 => ({ kk, ru, en });

/** A fixed list: the console offers only these, and the server refuses any other ground. */
export const KZ_IDENTITY_DISCLOSURE: NonNullable<PolicySource['identityDisclosure']> = {
  grounds: [
    { id: 'reporter_consent', labels: L("The reporter's consent (given on the status page)", 'Согласие заявителя (дано на странице статуса)', 'Хабарлаушының келісімі (мәртебе бетінде берілген)') },
    { id: 'prosecutor_request', labels: L("A prosecutor's written request", 'Письменный запрос прокурора', 'Прокурордың жазбаша сұрауы') },
    { id: 'court_order', labels: L('A court order', 'Решение (постановление) суда', 'Сот шешімі (қаулысы)') },
    { id: 'criminal_proceedings', labels: L('Criminal proceedings opened on the report', 'Уголовное производство, начатое по сообщению', 'Хабарлама бойынша басталған қылмыстық іс жүргізу') },
  ],
  // The reporter learns which unit opened the identity and in which role, never a person's name
  // (the agency must confirm; breaching a reporter's confidentiality is a criminal offence).
  tellReporter: 'unit_and_role',
};

export const KZ_REWARDS: NonNullable<PolicySource['rewards']> = {
  // [PROPOSAL, agency to confirm] 3 years from the final outcome (verdict or end of proceedings).
  windowDays: 3 * 365,
  rules: L(
    'Kazakhstan rewards people who report corruption offences once a court verdict is final. Amounts are set in MCI by government decree: a fixed sum for smaller cases, and a share of the bribe or damage for larger ones (up to a cap). To claim, make a reward claim on the status page: it proves that you wrote the report without giving away your case code. The proof is kept for 3 years after the final outcome.',
    'В Казахстане лицам, сообщившим о коррупционном правонарушении, выплачивается вознаграждение после вступления приговора в силу. Размеры установлены в МРП постановлением Правительства: фиксированная сумма по небольшим делам и доля от суммы взятки или ущерба по крупным (с предельным размером). Чтобы получить его, создайте заявку на странице статуса: она доказывает авторство сообщения, не раскрывая код дела. Доказательство хранится 3 года после окончательного решения.',
    'Қазақстанда сыбайлас жемқорлық құқық бұзушылығы туралы хабарлаған адамдарға үкім заңды күшіне енгеннен кейін сыйақы төленеді. Мөлшері үкімет қаулысымен АЕК-пен белгіленген: шағын істер үшін тіркелген сома, ірі істер үшін пара немесе залал сомасының үлесі (шекті мөлшерге дейін). Алу үшін мәртебе бетінде өтінім жасаңыз: ол іс кодын ашпай-ақ хабарламаның авторы екеніңізді дәлелдейді. Дәлел түпкілікті шешімнен кейін 3 жыл сақталады.',
  ),
};

export const KZ_APPC_CONSIDERATION: NonNullable<PolicySource['appcConsideration']> = {
  // APPC: an anonymous appeal is considered only if it reports a criminal offence (or a threat
  // to state or public security, which the form does not ask about separately).
  consideredFlags: ['criminal_signs'],
  label: L('No right to consideration under the APPC (anonymous)', 'Нет права на рассмотрение по АППК (анонимно)', 'ӘРПК бойынша қарауға құқығы жоқ (жасырын)'),
};
