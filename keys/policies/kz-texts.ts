/**
 * Texts of the default Kazakhstan policy: categories, sectors, regions, unit kinds and the
 * routing questions of the reporter form, each in Kazakh, Russian and English. Category, unit
 * and region names are the design taxonomy's; Kazakh (kk) is a draft awaiting native review.
 */
import type { PolicySource } from '../../core/policy/schema';

export interface L3 {
  kk: string;
  ru: string;
  en: string;
}
const L = (en: string, ru: string, kk: string): L3 => ({ kk, ru, en });

type Category = PolicySource['categories'][number];
const conduct = (id: string, labels: L3): Category => ({ id, kind: 'conduct', labels });
const sector = (id: string, labels: L3): Category => ({ id, kind: 'sector', labels });

/** TAXONOMY 3.1. Routing reads the conduct category first; sector categories follow it. */
export const KZ_CATEGORIES: Category[] = [
  conduct('bribery', L('Bribery / bribe extortion', 'Взяточничество, вымогательство взятки', 'Пара беру/алу, пара бопсалау')),
  conduct('procurement', L('Public procurement violations', 'Нарушения в госзакупках', 'Мемлекеттік сатып алудағы бұзушылықтар')),
  conduct(
    'budget_misuse',
    L('Embezzlement / misuse of budget funds or state property', 'Хищение, нецелевое использование бюджетных средств', 'Бюджет қаражатын ұрлау, мақсатсыз пайдалану'),
  ),
  conduct('conflict_of_interest', L('Conflict of interest', 'Конфликт интересов', 'Мүдделер қақтығысы')),
  conduct(
    'gifts_restrictions',
    L(
      "Gifts; breach of restrictions (incompatible work, relatives' joint service, foreign accounts)",
      'Подарки, нарушение антикоррупционных ограничений',
      'Сыйлықтар, сыбайлас жемқорлыққа қарсы шектеулерді бұзу',
    ),
  ),
  conduct('abuse_of_office', L('Abuse of office / exceeding powers', 'Злоупотребление должностными полномочиями', 'Лауазымдық өкілеттікті теріс пайдалану')),
  sector('permits', L('Permits, licences, business inspections', 'Разрешения, лицензии, проверки бизнеса', 'Рұқсаттар, лицензиялар, бизнесті тексеру')),
  sector(
    'public_services',
    L(
      'Public services (health, education, social)',
      'Госуслуги (здравоохранение, образование, соцсфера)',
      'Мемлекеттік қызметтер (денсаулық, білім, әлеуметтік сала)',
    ),
  ),
  sector('tax_customs', L('Tax & customs', 'Налоги и таможня', 'Салық және кеден')),
  sector('land_agri', L('Land relations & agricultural subsidies', 'Земельные отношения, субсидии АПК', 'Жер қатынастары, АӨК субсидиялары')),
  sector('finance_banking', L('Banking / financial sector, laundering', 'Банковский сектор, легализация доходов', 'Банк секторы, кірісті заңдастыру')),
  conduct('ethics', L('Ethics-code breach (non-criminal)', 'Нарушение служебной этики', 'Қызметтік әдепті бұзу')),
  conduct('retaliation', L('Retaliation against a reporter', 'Преследование заявителя', 'Хабарлаушыны қудалау')),
  conduct('other', L('Other / unclear', 'Иное', 'Басқа')),
];

/** Secondary tag ("bribery in a hospital" = bribery + health), for statistics only. */
export const KZ_SECTORS: NonNullable<PolicySource['sectors']> = [
  { id: 'health', labels: L('Healthcare', 'Здравоохранение', 'Денсаулық сақтау') },
  { id: 'education', labels: L('Education', 'Образование', 'Білім беру') },
  { id: 'social_protection', labels: L('Social protection', 'Социальная защита', 'Әлеуметтік қорғау') },
  { id: 'tax', labels: L('Taxes', 'Налоги', 'Салықтар') },
  { id: 'customs', labels: L('Customs', 'Таможня', 'Кеден') },
  { id: 'land', labels: L('Land relations', 'Земельные отношения', 'Жер қатынастары') },
  { id: 'agriculture', labels: L('Agriculture and subsidies', 'Сельское хозяйство и субсидии', 'Ауыл шаруашылығы және субсидиялар') },
  { id: 'construction', labels: L('Construction, housing and utilities', 'Строительство и ЖКХ', 'Құрылыс және тұрғын үй-коммуналдық шаруашылық') },
  { id: 'transport', labels: L('Transport and roads', 'Транспорт и дороги', 'Көлік және жолдар') },
  { id: 'energy_resources', labels: L('Energy and natural resources', 'Энергетика и природные ресурсы', 'Энергетика және табиғи ресурстар') },
  { id: 'law_enforcement', labels: L('Police and law enforcement', 'Полиция и правоохранительные органы', 'Полиция және құқық қорғау органдары') },
  { id: 'judiciary', labels: L('Courts', 'Суды', 'Соттар') },
  { id: 'local_government', labels: L('Local government (akimats)', 'Местные исполнительные органы (акиматы)', 'Жергілікті атқарушы органдар (әкімдіктер)') },
  { id: 'quasi_public', labels: L('State-owned and quasi-public companies', 'Квазигосударственный сектор', 'Квазимемлекеттік сектор') },
  { id: 'banking_finance', labels: L('Banking and finance', 'Банки и финансы', 'Банктер және қаржы') },
  { id: 'other', labels: L('Other', 'Иное', 'Басқа') },
];

/**
 * TAXONOMY 3.5 (ISO 3166-2:KZ; Baikonur excluded), preceded by the national pseudo-region KZ:
 * choosing it means "a central state body", and every unit kind has a national unit there.
 */
export const KZ_REGIONS: PolicySource['regions'] = [
  {
    code: 'KZ',
    labels: L(
      'Kazakhstan — central state bodies (national level)',
      'Казахстан — центральные государственные органы (республиканский уровень)',
      'Қазақстан — орталық мемлекеттік органдар (республикалық деңгей)',
    ),
  },
  // The three regions of 2022 keep their Kazakh names in Russian, as the decree of 8 June 2022
  // writes them: «область Абай», «область Жетісу», «область Ұлытау» [agency to confirm].
  { code: 'KZ-10', labels: L('Abai Region', 'область Абай', 'Абай облысы') },
  { code: 'KZ-11', labels: L('Akmola Region', 'Акмолинская область', 'Ақмола облысы') },
  { code: 'KZ-15', labels: L('Aktobe Region', 'Актюбинская область', 'Ақтөбе облысы') },
  { code: 'KZ-19', labels: L('Almaty Region', 'Алматинская область', 'Алматы облысы') },
  { code: 'KZ-23', labels: L('Atyrau Region', 'Атырауская область', 'Атырау облысы') },
  { code: 'KZ-27', labels: L('West Kazakhstan Region', 'Западно-Казахстанская область', 'Батыс Қазақстан облысы') },
  { code: 'KZ-31', labels: L('Zhambyl Region', 'Жамбылская область', 'Жамбыл облысы') },
  { code: 'KZ-33', labels: L('Zhetysu Region', 'область Жетісу', 'Жетісу облысы') },
  { code: 'KZ-35', labels: L('Karaganda Region', 'Карагандинская область', 'Қарағанды облысы') },
  { code: 'KZ-39', labels: L('Kostanay Region', 'Костанайская область', 'Қостанай облысы') },
  { code: 'KZ-43', labels: L('Kyzylorda Region', 'Кызылординская область', 'Қызылорда облысы') },
  { code: 'KZ-47', labels: L('Mangystau Region', 'Мангистауская область', 'Маңғыстау облысы') },
  { code: 'KZ-55', labels: L('Pavlodar Region', 'Павлодарская область', 'Павлодар облысы') },
  { code: 'KZ-59', labels: L('North Kazakhstan Region', 'Северо-Казахстанская область', 'Солтүстік Қазақстан облысы') },
  { code: 'KZ-61', labels: L('Turkistan Region', 'Туркестанская область', 'Түркістан облысы') },
  { code: 'KZ-62', labels: L('Ulytau Region', 'область Ұлытау', 'Ұлытау облысы') },
  { code: 'KZ-63', labels: L('East Kazakhstan Region', 'Восточно-Казахстанская область', 'Шығыс Қазақстан облысы') },
  { code: 'KZ-71', labels: L('Astana (capital)', 'город Астана', 'Астана қаласы') },
  { code: 'KZ-75', labels: L('Almaty (city)', 'город Алматы', 'Алматы қаласы') },
  { code: 'KZ-79', labels: L('Shymkent', 'город Шымкент', 'Шымкент қаласы') },
];

/** TAXONOMY 3.2. */
export const KZ_UNIT_KINDS: (PolicySource['unitKinds'][number] & { labels: L3 })[] = [
  { id: 'triage', labels: L('Intake & Triage Desk', 'Отдел приёма и первичной оценки', 'Қабылдау және бастапқы бағалау бөлімі') },
  { id: 'aca', labels: L('Anti-Corruption Service investigations', 'Антикоррупционная служба', 'Сыбайлас жемқорлыққа қарсы қызмет') },
  { id: 'afm', labels: L('Economic Investigation (AFM)', 'Служба экономических расследований АФМ', 'ҚМА экономикалық тергеу қызметі') },
  { id: 'fin_control', labels: L('Public Finance & Procurement Control', 'Госаудит и контроль закупок', 'Мемлекеттік аудит және сатып алуды бақылау') },
  { id: 'competition', labels: L('Competition Authority', 'Агентство по защите и развитию конкуренции', 'Бәсекелестікті қорғау және дамыту агенттігі') },
  { id: 'ethics', labels: L('Ethics & Civil Service', 'Уполномоченный по этике / АДГС', 'Әдеп жөніндегі уәкіл / МҚІА') },
  { id: 'prosecutor', labels: L("Prosecutor's Office", 'Прокуратура', 'Прокуратура') },
  { id: 'compliance', labels: L('Internal Compliance of employer body', 'Комплаенс-служба органа', 'Органның комплаенс қызметі') },
];

/**
 * The MCI in tenge for the year the policy is signed for (Law on the republican budget
 * 2026-2028: 4,325 tenge from 1 January 2026) [agency to confirm each year]. The amount labels
 * quote it, so the form shows tenge next to MCI; re-sign with the new value each year.
 */
export const KZ_MCI = { year: 2026, value: 4325 };
const tenge = (mci: number) => mci * KZ_MCI.value;
const grouped = (n: number, sep: string) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, sep);
/** "4,325,000 tenge in 2026" (en, ru; Kazakh case endings differ, so kk is written out at each use). */
const inTenge = (mci: number) => ({ en: `${grouped(tenge(mci), ',')} tenge in ${KZ_MCI.year}`, ru: `${grouped(tenge(mci), ' ')} тенге в ${KZ_MCI.year} году` });

const option = (id: string, labels: L3, help: L3, routesNational?: true) => ({ id, labels, help, ...(routesNational ? { routesNational } : {}) });

/** TAXONOMY 3.3: the reporter form's routing questions, in the order the form asks them. */
export const KZ_ROUTING_INPUTS: PolicySource['routingInputs'] = {
  category: {
    labels: L('What happened?', 'Что произошло?', 'Не болды?'),
    help: L(
      'Choose the closest category. If none fits or you are unsure, choose “Other / unclear”: the intake desk will decide.',
      'Выберите наиболее близкую категорию. Если ни одна не подходит или вы не уверены, выберите «Иное»: решение примет отдел приёма.',
      'Ең жақын санатты таңдаңыз. Егер ешқайсысы сәйкес келмесе немесе сенімді болмасаңыз, «Басқа» дегенді таңдаңыз: шешімді қабылдау бөлімі қабылдайды.',
    ),
  },
  sector: {
    labels: L('In which area?', 'В какой сфере?', 'Қай салада?'),
    help: L(
      'Optional. Where it happened, for example a hospital or a tax office. Used for statistics; it does not change who receives the report.',
      'Необязательно. Где это произошло, например в больнице или налоговой. Используется для статистики и не меняет получателя сообщения.',
      'Міндетті емес. Оқиға болған жер, мысалы, аурухана немесе салық органы. Статистика үшін қолданылады, хабарламаны алушыны өзгертпейді.',
    ),
  },
  region: {
    labels: L('Where did it happen?', 'Где это произошло?', 'Бұл қай жерде болды?'),
    help: L(
      'The region where the offence took place. Choose “Central state bodies” if it concerns a ministry, an agency or another national body. If you prefer not to say, the intake desk will route the report.',
      'Регион, где совершено нарушение. Выберите «Центральные государственные органы», если речь о министерстве, агентстве или другом республиканском органе. Если не хотите указывать, сообщение направит отдел приёма.',
      'Құқықбұзушылық жасалған өңір. Мәселе министрлікке, агенттікке немесе басқа республикалық органға қатысты болса, «Орталық мемлекеттік органдар» дегенді таңдаңыз. Көрсеткіңіз келмесе, хабарламаны қабылдау бөлімі бағыттайды.',
    ),
    unknownLabels: L("I don't know / prefer not to say", 'Не знаю / предпочитаю не указывать', 'Білмеймін / көрсеткім келмейді'),
  },
  seniority: {
    labels: L('Who is involved?', 'Кто причастен?', 'Кім қатысты?'),
    help: L(
      'The most senior person involved. This decides which level of the service receives the report.',
      'Самое высокопоставленное из причастных лиц. От этого зависит, какой уровень службы получит сообщение.',
      'Қатысы бар ең жоғары лауазымды тұлға. Хабарламаны қызметтің қай деңгейі алатыны осыған байланысты.',
    ),
    options: [
      option(
        'S0',
        L('Unknown / not sure', 'Неизвестно / не уверен(а)', 'Белгісіз / сенімді емеспін'),
        L("You do not know the person's position.", 'Вы не знаете должность этого лица.', 'Сіз бұл тұлғаның лауазымын білмейсіз.'),
      ),
      option(
        'S1',
        L('Holder of a responsible state position', 'Лицо, занимающее ответственную государственную должность', 'Жауапты мемлекеттік лауазымды атқаратын адам'),
        L(
          'Political civil servants, corps A, members of Parliament, judges (Anti-Corruption Law, Art. 1(1)). Such reports go to the national level.',
          'Политические государственные служащие, корпус «А», депутаты Парламента, судьи (Закон о противодействии коррупции, ст. 1 п. 1). Такие сообщения направляются на республиканский уровень.',
          'Саяси мемлекеттік қызметшілер, «А» корпусы, Парламент депутаттары, судьялар (Сыбайлас жемқорлыққа қарсы іс-қимыл туралы заң, 1-бап 1-тармақ). Мұндай хабарламалар республикалық деңгейге жіберіледі.',
        ),
        true,
      ),
      option(
        'S2',
        L('Official or manager', 'Должностное лицо или руководитель', 'Лауазымды тұлға немесе басшы'),
        L(
          'A state official with managerial or organisational powers, including managers of state-owned and quasi-public companies (Art. 1(2)).',
          'Должностное лицо с организационно-распорядительными полномочиями, в том числе руководители государственных и квазигосударственных организаций (ст. 1 п. 2).',
          'Ұйымдастырушылық-өкімдік өкілеттіктері бар лауазымды тұлға, оның ішінде мемлекеттік және квазимемлекеттік ұйымдардың басшылары (1-бап 2-тармақ).',
        ),
      ),
      option(
        'S3',
        L('Rank-and-file civil servant', 'Рядовой государственный служащий', 'Қатардағы мемлекеттік қызметші'),
        L(
          'An ordinary employee of a state body (corps B) without managerial powers.',
          'Рядовой сотрудник государственного органа (корпус «Б») без руководящих полномочий.',
          'Басшылық өкілеттіктері жоқ мемлекеттік органның қатардағы қызметкері («Б» корпусы).',
        ),
      ),
    ],
  },
  amount: {
    labels: L('How much money or property is involved?', 'О какой сумме идёт речь?', 'Қандай сома туралы сөз болып отыр?'),
    help: L(
      `An estimate is enough. Amounts are in monthly calculation indices (MCI), so the brackets stay the same when the MCI is revised each year. In ${KZ_MCI.year} one MCI is ${grouped(KZ_MCI.value, ',')} tenge.`,
      `Достаточно примерной оценки. Суммы указаны в месячных расчётных показателях (МРП), поэтому границы не меняются при ежегодном пересмотре МРП. В ${KZ_MCI.year} году один МРП равен ${grouped(KZ_MCI.value, ' ')} тенге.`,
      `Шамамен бағалау жеткілікті. Сомалар айлық есептік көрсеткішпен (АЕК) берілген, сондықтан АЕК жыл сайын өзгергенде шектер өзгермейді. ${KZ_MCI.year} жылы бір АЕК ${grouped(KZ_MCI.value, ' ')} теңгеге тең.`,
    ),
    mci: { currency: 'KZT', values: [{ year: KZ_MCI.year, value: KZ_MCI.value, basis: 'Law on the republican budget for 2026-2028 [agency to confirm]' }] },
    options: [
      option(
        'A0',
        L('None or unknown', 'Нет или неизвестно', 'Жоқ немесе белгісіз'),
        L('No money is involved, or you do not know the amount.', 'Деньги не фигурируют, или сумма вам неизвестна.', 'Ақша қатыспайды немесе сома сізге белгісіз.'),
      ),
      option(
        'A1',
        L(`Less than 1,000 MCI (under ${inTenge(1000).en})`, `Менее 1 000 МРП (до ${inTenge(1000).ru})`, `1 000 АЕК-тен аз (${KZ_MCI.year} жылы ${grouped(tenge(1000), ' ')} теңгеге дейін)`),
        // Rewards exist below 1,000 MCI too (a fixed sum by decree): the old text implied none.
        L(
          'Below 1,000 MCI. Reports of smaller amounts can be rewarded too: a fixed sum set by government decree, after a final verdict.',
          'Менее 1 000 МРП. За сообщения о меньших суммах тоже положено вознаграждение: фиксированная сумма по постановлению Правительства, после вступления приговора в силу.',
          '1 000 АЕК-тен аз. Аз сомалар туралы хабарлар үшін де сыйақы төленеді: үкімет қаулысымен белгіленген тіркелген сома, үкім заңды күшіне енгеннен кейін.',
        ),
      ),
      option(
        'A2',
        L(
          `1,000 to 10,000 MCI (${grouped(tenge(1000), ',')} to ${inTenge(10000).en})`,
          `От 1 000 до 10 000 МРП (от ${grouped(tenge(1000), ' ')} до ${inTenge(10000).ru})`,
          `1 000-нан 10 000 АЕК-ке дейін (${KZ_MCI.year} жылы ${grouped(tenge(1000), ' ')}-нан ${grouped(tenge(10000), ' ')} теңгеге дейін)`,
        ),
        L('From 1,000 up to 10,000 MCI.', 'От 1 000 до 10 000 МРП.', '1 000-нан 10 000 АЕК-ке дейін.'),
      ),
      option(
        'A3',
        L(`More than 10,000 MCI (over ${inTenge(10000).en})`, `Более 10 000 МРП (свыше ${inTenge(10000).ru})`, `10 000 АЕК-тен астам (${KZ_MCI.year} жылы ${grouped(tenge(10000), ' ')} теңгеден астам)`),
        L(
          'Above 10,000 MCI. Such reports go to the national level.',
          'Свыше 10 000 МРП. Такие сообщения направляются на республиканский уровень.',
          '10 000 АЕК-тен жоғары. Мұндай хабарламалар республикалық деңгейге жіберіледі.',
        ),
        true,
      ),
    ],
  },
  flags: {
    labels: L('Does any of this apply?', 'Подходит ли что-то из этого?', 'Төмендегінің бірі сәйкес келе ме?'),
    help: L('Tick all that apply.', 'Отметьте всё, что подходит.', 'Сәйкес келетіннің бәрін белгілеңіз.'),
    options: [
      {
        id: 'criminal_signs',
        labels: L('It looks like a crime', 'Есть признаки преступления', 'Қылмыс белгілері бар'),
        help: L(
          'For example a bribe, theft, forged documents or threats. By law an anonymous report is considered only if it reports a crime or a threat to state or public security.',
          'Например, взятка, хищение, подделка документов или угрозы. По закону анонимное обращение рассматривается, только если в нём сообщается о преступлении или угрозе государственной или общественной безопасности.',
          'Мысалы, пара, ұрлық, құжаттарды қолдан жасау немесе қорқыту. Заң бойынша жасырын өтініш қылмыс немесе мемлекеттік не қоғамдық қауіпсіздікке қатер туралы хабарланса ғана қаралады.',
        ),
      },
      {
        id: 'bidder_collusion',
        labels: L('Bidders colluded', 'Сговор участников торгов', 'Сауда-саттыққа қатысушылардың сөз байласуы'),
        help: L(
          'Participants in a tender agreed among themselves on prices or on who would win (bid rigging, cartel).',
          'Участники закупки договорились между собой о ценах или о победителе (картельный сговор).',
          'Сатып алуға қатысушылар бағалар немесе жеңімпаз туралы өзара келісіп алды (картельдік сөз байласу).',
        ),
      },
      {
        id: 'subject_in_aca',
        labels: L(
          'The person works for the Anti-Corruption Service',
          'Лицо работает в Антикоррупционной службе',
          'Тұлға Сыбайлас жемқорлыққа қарсы қызметте жұмыс істейді',
        ),
        help: L(
          "The person concerned is an employee of the Anti-Corruption Agency (Anti-Corruption Service). The report then goes to the Prosecutor's Office, and the Anti-Corruption Service cannot read it, to avoid a conflict of interest. Police officers and other officials: leave this unticked, the Anti-Corruption Service is competent for them.",
          'Лицо, о котором сообщается, — сотрудник Агентства по противодействию коррупции (Антикоррупционной службы). Тогда сообщение направляется в прокуратуру, и Антикоррупционная служба не сможет его прочитать — во избежание конфликта интересов. Если это сотрудник полиции или другой служащий, не отмечайте: их дела ведёт Антикоррупционная служба.',
          'Хабарланып отырған тұлға — Сыбайлас жемқорлыққа қарсы іс-қимыл агенттігінің (Сыбайлас жемқорлыққа қарсы қызметтің) қызметкері. Бұл жағдайда мүдделер қақтығысын болдырмау үшін хабарлама прокуратураға жіберіледі, ал Сыбайлас жемқорлыққа қарсы қызмет оны оқи алмайды. Полиция қызметкері немесе басқа қызметші болса, белгілемеңіз: олардың істерін Сыбайлас жемқорлыққа қарсы қызмет жүргізеді.',
        ),
      },
      {
        id: 'subject_in_afm',
        labels: L(
          'The person works for the Financial Monitoring Agency',
          'Лицо работает в Агентстве по финансовому мониторингу',
          'Тұлға Қаржылық мониторинг агенттігінде жұмыс істейді',
        ),
        help: L(
          "The person concerned is an employee of the Financial Monitoring Agency (including its Economic Investigation Service). The report then goes to the Prosecutor's Office, and the Economic Investigation Service cannot read it, to avoid a conflict of interest.",
          'Лицо, о котором сообщается, — сотрудник Агентства по финансовому мониторингу (в том числе Службы экономических расследований). Тогда сообщение направляется в прокуратуру, и Служба экономических расследований не сможет его прочитать — во избежание конфликта интересов.',
          'Хабарланып отырған тұлға — Қаржылық мониторинг агенттігінің (оның ішінде Экономикалық тергеу қызметінің) қызметкері. Бұл жағдайда мүдделер қақтығысын болдырмау үшін хабарлама прокуратураға жіберіледі, ал Экономикалық тергеу қызметі оны оқи алмайды.',
        ),
      },
    ],
  },
};
