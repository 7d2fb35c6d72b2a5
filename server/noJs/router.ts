import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type { Redis } from 'ioredis';
import { checkCaseCode, formatCaseCode } from '../../core/crypto';
import { DomainError } from '../../core/errors';
import type { Policy } from '../../core/policy';
import type { Env } from '../config/env';
import type { CaseChangeListener } from '../inbox/caseChanges';
import type { Logger } from '../logger';
import type { PolicyStore } from '../policy/policyStore';
import type { QueueFactory } from '../queues/queueFactory';
import { spendBudget, type BudgetKind } from './budget';
import { openCaseByCode, readCaseByCode } from './commands/caseByCode';
import { sealAndPostMessage } from './commands/reporterMessageSealer';
import { sealAndSubmitReport } from './commands/serverSealedReport';
import { DerivationGate } from './derivationGate';
import { identityReaders, reportReaders, routeCase } from '../../core/routing';
import { activatedStandby } from '../policy/standby';
import { draftFromForm, EMPTY_FORM, field, readFormValues, ROUTING_FIELDS, type FormValues, type Problems } from './formInput';
import { caseViewPage, codeEntryPage, codeIssuedPage, MESSAGE_MAX_CHARS, messageProblemPage } from './pages/casePages';
import { busyPage, languageChoicePage, problemPage } from './pages/noticePages';
import { reportPage } from './pages/reportPage';
import { paddedPage } from './html';
import { NOJS_CSS } from './style';
import { DEFAULT_LANG, fill, isNoJsLang, textsFor, type NoJsLang } from './texts';

export type NoJsDeps = { env: Env; logger: Logger; redis: Redis; queues: QueueFactory; policies: PolicyStore; inbox: CaseChangeListener };

/** Seconds to suggest when every derivation slot is taken: a derivation takes well under one. */
const GATE_RETRY_SECONDS = 10;

/**
 * The reporter's path for browsers without JavaScript (Tor Browser "Safest"): server-rendered
 * pages in kk/ru/en whose forms POST to /nojs/…; the server seals on arrival. Bodies are
 * urlencoded, parsed in memory on these routes only, size-limited; no page puts the case code in
 * a URL (only `?lang=` is ever used) and every answer is `no-store`. Logged like every route:
 * method, route template, status, duration (server/middlewares/requestLog.ts).
 */
export function noJsRouter(deps: NoJsDeps) {
  const { env } = deps;
  const router = Router();
  const gate = new DerivationGate(env.NOJS_DERIVATIONS_MAX);
  const form = express.urlencoded({ extended: false, limit: env.NOJS_BODY_LIMIT, parameterLimit: 100 });
  const limits = { submit: env.NOJS_SUBMISSIONS_PER_WINDOW, case: env.NOJS_CASE_ACTIONS_PER_WINDOW };
  const intake = { policies: deps.policies, redis: deps.redis, queues: deps.queues, queuePrefix: env.QUEUE_PREFIX, logger: deps.logger };

  const send = (res: Response, status: number, page: string) => res.status(status).type('html').send(page);
  /**
   * Spends the global budget and a derivation slot, or answers "busy" (503 + Retry-After). The
   * budget's window is the policy's time rounding: a counter per minute would date actions.
   */
  const guarded = async <T>(res: Response, lang: NoJsLang, policy: Policy, kind: BudgetKind, work: () => Promise<T>): Promise<{ value: T } | undefined> => {
    const budget = await spendBudget(deps.redis, env.QUEUE_PREFIX, kind, { limit: limits[kind], windowSeconds: policy.timeRoundingMinutes * 60 });
    const ran = budget.ok ? await gate.tryRun(work) : undefined;
    if (!ran) {
      const retry = budget.ok ? GATE_RETRY_SECONDS : budget.retryAfterSeconds;
      res.setHeader('Retry-After', String(retry));
      send(res, 503, busyPage(lang, retry));
    }
    return ran;
  };

  router.use('/nojs', (req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    // ?lang= is the only query parameter; an unknown one gets the language choice, in every language.
    const lang = req.query.lang ?? DEFAULT_LANG;
    if (!isNoJsLang(lang)) return send(res, 400, languageChoicePage(req.path === '/status' ? '/nojs/status' : '/nojs'));
    res.locals.lang = lang;
    next();
  });

  router.get('/nojs/style.css', (_req, res) => res.setHeader('Cache-Control', 'public, max-age=3600').type('css').send(NOJS_CSS));

  router.get('/nojs', async (_req, res) => {
    const { policy } = await deps.policies.current();
    send(res, 200, reportPage(policy, res.locals.lang, EMPTY_FORM, {}));
  });

  router.post('/nojs/report', form, async (req, res) => {
    const lang: NoJsLang = res.locals.lang;
    const { policy } = await deps.policies.current();
    const values = readFormValues(req.body);
    const { draft, problems } = draftFromForm(policy, values, lang, textsFor(lang));
    if (field(req.body, 'review') === '1') return reviewPage(res, policy, lang, values, problems);
    if (!draft) return send(res, 400, reportPage(policy, lang, values, problems));
    const done = await guarded(res, lang, policy, 'submit', () => sealAndSubmitReport(intake, draft));
    if (done) send(res, 200, codeIssuedPage(lang, done.value.displayCode, done.value.receivedAt, policy.calendar.utcOffsetMinutes));
  });

  /**
   * "Who will be able to read it": the form again, as typed, with the readers lists of the
   * answers (the lists the JavaScript form shows and buildSubmission seals to). Nothing is sent,
   * stored or counted; only the routing answers need to be complete.
   */
  const reviewPage = async (res: Response, policy: Policy, lang: NoJsLang, values: FormValues, problems: Problems) => {
    const routingProblems = Object.fromEntries(Object.entries(problems).filter(([id]) => ROUTING_FIELDS.includes(id)));
    if (Object.keys(routingProblems).length) return send(res, 400, reportPage(policy, lang, values, routingProblems));
    const routing = { category: values.category, ...(values.sector ? { sector: values.sector } : {}), region: values.region, seniority: values.seniority, amount: values.amount, flags: values.flags };
    const standby = await activatedStandby(policy);
    const route = routeCase(policy, routing);
    // A notified unit off the route only reads a copy: the list says so (as the JavaScript form does).
    const copyOnly = route.copyUnits.filter((u) => u !== route.triageUnit && !route.escalationChain.includes(u));
    const readers = { report: reportReaders(policy, routing, standby, route), identity: values.mode === 'confidential' ? identityReaders(policy, routing, standby, route) : undefined, copyOnly };
    send(res, 200, reportPage(policy, lang, values, {}, readers));
  };

  router.get('/nojs/status', (_req, res) => send(res, 200, codeEntryPage(res.locals.lang)));

  router.post('/nojs/status', form, async (req, res) => {
    const lang: NoJsLang = res.locals.lang;
    const code = parseCode(req.body, lang, res);
    if (!code) return;
    const { policy } = await deps.policies.current();
    const opened = await guarded(res, lang, policy, 'case', () => openCaseByCode(policy, code));
    if (opened) send(res, 200, paddedPage(caseViewPage(lang, formatCaseCode(code), opened.value.view, policy.calendar.utcOffsetMinutes, undefined, env.MAX_CASE_MESSAGES)));
  });

  router.post('/nojs/message', form, async (req, res) => {
    const lang: NoJsLang = res.locals.lang;
    const t = textsFor(lang);
    const code = parseCode(req.body, lang, res);
    if (!code) return;
    const text = field(req.body, 'message');
    const problem = !text.trim() ? t.status.messageEmpty : text.length > MESSAGE_MAX_CHARS ? fill(t.status.messageTooLong, { max: MESSAGE_MAX_CHARS }) : undefined;
    if (problem) return send(res, 400, messageProblemPage(lang, formatCaseCode(code), problem, text.slice(0, MESSAGE_MAX_CHARS)));
    const { policy } = await deps.policies.current();
    const opened = await guarded(res, lang, policy, 'case', async () => {
      const { secrets } = await openCaseByCode(policy, code);
      await sealAndPostMessage(deps, secrets, text.trim(), policy.timeRoundingMinutes, { maxMessages: env.MAX_CASE_MESSAGES, maxBytes: env.MAX_CASE_MESSAGE_BYTES });
      return readCaseByCode(secrets);
    });
    if (opened) send(res, 200, paddedPage(caseViewPage(lang, formatCaseCode(code), opened.value, policy.calendar.utcOffsetMinutes, t.status.sent, env.MAX_CASE_MESSAGES)));
  });

  // Any other address under /nojs: a page, not the API's JSON 404.
  router.use('/nojs', (_req, res) => send(res, 404, problemPage(res.locals.lang, textsFor(res.locals.lang).errors.notFound)));
  router.use('/nojs', noJsErrorPage(deps.logger));
  return router;
}

/** The posted code, checked (length, alphabet, check symbol) before any key is derived; or the page saying what to fix. */
function parseCode(body: unknown, lang: NoJsLang, res: Response) {
  const typed = field(body, 'code').slice(0, 64);
  const checked = checkCaseCode(typed);
  if (checked.ok) return checked.code;
  const t = textsFor(lang);
  const problem = fill(t.codeProblems[checked.error.problem as keyof typeof t.codeProblems] ?? t.codeProblems.check, { count: typed.replace(/[\s-]/g, '').length });
  res.status(400).type('html').send(codeEntryPage(lang, problem, typed));
  return undefined;
}

/**
 * Errors on these routes become pages, never JSON. Body-parser errors quote nothing of the body;
 * unexpected errors are logged by class and code only (server/logger.ts), never by message.
 */
function noJsErrorPage(logger: Logger) {
  return (err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) return;
    const lang: NoJsLang = isNoJsLang(res.locals.lang) ? res.locals.lang : DEFAULT_LANG;
    const t = textsFor(lang);
    const e = err as { type?: string; name?: string };
    res.type('html');
    if (e.type === 'entity.too.large' || e.type === 'parameters.too.many') return res.status(413).send(problemPage(lang, t.errors.tooLarge));
    if (e.type) return res.status(400).send(problemPage(lang, t.errors.tooLarge));
    if (err instanceof DomainError) {
      if (err.code === 'case_not_found') return res.status(404).send(codeEntryPage(lang, t.status.notFound));
      if (err.code === 'message_limit_reached' || err.code === 'message_bytes_limit_reached') return res.status(413).send(problemPage(lang, t.errors.messageLimit));
      if (err.code === 'no_unit_keys') return res.status(503).send(problemPage(lang, t.errors.noUnitKeys));
      if (err.code === 'no_policy' || err.code === 'no_root_key') return res.status(503).send(problemPage(lang, t.errors.noPolicy));
      if (err.kind === 'invalid') return res.status(409).send(problemPage(lang, t.errors.policyChanged));
    }
    if (e.name?.startsWith('Mongo')) return res.status(503).send(problemPage(lang, t.errors.internal));
    logger.error({ err }, 'nojs: unexpected error');
    res.status(500).send(problemPage(lang, t.errors.internal));
  };
}
