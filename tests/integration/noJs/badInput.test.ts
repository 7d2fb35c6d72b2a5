import mongoose from 'mongoose';
import { Redis } from 'ioredis';
import { formatCaseCode, generateCaseCode } from '../../../core/crypto';
import { createTestDeployment, type TestDeployment } from '../../support/deployment';
import { startServer, type Spawned } from '../../support/processes';
import { REDIS_URL, mongoUriFor, uniqueName } from '../../support/testEnv';
import { codeOnPage, counts, getPage, postForm, reportFields } from './noJsHttp';

/** Every refusal of the no-JS forms is a page saying what to fix, and changes nothing stored. */
describe('no-JavaScript form: bad input', () => {
  let deployment: TestDeployment;
  let server: Spawned & { url: string };
  let db: mongoose.Connection;
  let redis: Redis;
  let code: string;
  const prefix = uniqueName('q');
  const budgetKeys = () => redis.keys(`${prefix}:nojs:*`);

  beforeAll(async () => {
    deployment = await createTestDeployment();
    const uri = mongoUriFor(uniqueName('nojsbad'));
    server = await startServer({ MONGODB_URI: uri, REDIS_URL, QUEUE_PREFIX: prefix, NOJS_BODY_LIMIT: String(512 * 1024), ...deployment.env });
    db = await mongoose.createConnection(uri).asPromise();
    redis = new Redis(REDIS_URL);
    // One real case, so "nothing changed" also covers its messages.
    code = codeOnPage((await postForm(server.url, '/nojs/report?lang=en', reportFields('A first report.'))).html);
    await redis.del(...(await budgetKeys()));
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dropDatabase().catch(() => undefined);
    await db?.close();
    redis?.disconnect();
  });

  it('missing answers: 400, says which, keeps what was typed', async () => {
    const before = await counts(db);
    const page = await postForm(server.url, '/nojs/report?lang=en', { description: 'Kept <text> & more', flags: 'criminal_signs', mode: 'anonymous' });
    expect(page.status).toBe(400);
    expect(page.html).toContain('data-testid="form-problems"');
    expect(page.html).toContain(`Answer this question: ${deployment.policy.routingInputs.category.labels.en}`);
    expect(page.html).toContain(`Answer this question: ${deployment.policy.routingInputs.amount.labels.en}`);
    expect(page.html).toContain('>Kept &lt;text&gt; &amp; more</textarea>');
    expect(page.html).toMatch(/value="criminal_signs" checked/);
    const noDescription = await postForm(server.url, '/nojs/report?lang=ru', reportFields('   '));
    expect(noDescription.status).toBe(400);
    expect(noDescription.html).toContain('Ответьте на вопрос: Описание');
    expect(await counts(db)).toEqual(before);
  });

  it('an answer the policy does not offer, a confidential report without a name, an oversized text: 400 each', async () => {
    const before = await counts(db);
    const offered = await postForm(server.url, '/nojs/report?lang=en', reportFields('x', { category: 'no_such_category' }));
    expect(offered.status).toBe(400);
    expect(offered.html).toContain('Choose one of the offered answers');
    const nameless = await postForm(server.url, '/nojs/report?lang=kk', reportFields('x', { mode: 'confidential', name: '', contact: 'c' }));
    expect(nameless.status).toBe(400);
    expect(nameless.html).toContain('Толық аты-жөніңіз');
    const long = await postForm(server.url, '/nojs/report?lang=en', reportFields('a'.repeat(deployment.policy.limits.maxBodyBytes + 10)));
    expect(long.status).toBe(400);
    expect(long.html).toContain(`at most ${deployment.policy.limits.maxBodyBytes}`);
    const huge = await postForm(server.url, '/nojs/report?lang=en', reportFields('я'.repeat(200_000)));
    expect(huge.status).toBe(413);
    expect(huge.html).toContain('too large');
    expect(await counts(db)).toEqual(before);
    expect(await budgetKeys()).toEqual([]);
  });

  it('a malformed code, a code with a typing mistake, a code without a case; an empty message', async () => {
    const before = await counts(db);
    const short = await postForm(server.url, '/nojs/status?lang=en', { code: 'ABCD-EFGH' });
    expect(short.status).toBe(400);
    expect(short.html).toContain('this one has 8');
    expect(short.html).toContain('value="ABCD-EFGH"');
    const last = code.at(-1) === '0' ? '1' : '0';
    const typo = await postForm(server.url, '/nojs/status?lang=en', { code: code.slice(0, -1) + last });
    expect(typo.status).toBe(400);
    expect(typo.html).toContain('typing mistake');
    const empty = await postForm(server.url, '/nojs/message?lang=en', { code, message: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.html).toContain('Write a message first.');
    // None of these cost a derivation or the budget.
    expect(await budgetKeys()).toEqual([]);
    const unknown = await postForm(server.url, '/nojs/status?lang=en', { code: formatCaseCode(generateCaseCode()) });
    expect(unknown.status).toBe(404);
    expect(unknown.html).toContain('No case was found for this code.');
    const unknownMessage = await postForm(server.url, '/nojs/message?lang=en', { code: formatCaseCode(generateCaseCode()), message: 'hello' });
    expect(unknownMessage.status).toBe(404);
    expect(await counts(db)).toEqual(before);
  });

  it('an unknown language: the choice of languages, in every language', async () => {
    const page = await getPage(server.url, '/nojs?lang=de');
    expect(page.status).toBe(400);
    expect(page.html).toContain('Unknown language. Choose one:');
    expect(page.html).toContain('Неизвестный язык');
    expect(page.html).toContain('href="/nojs?lang=kk"');
    const before = await counts(db);
    const nowhere = await getPage(server.url, '/nojs/nowhere?lang=en');
    expect(nowhere.status).toBe(404);
    expect(nowhere.html).toContain('No such page.');
    const post = await postForm(server.url, '/nojs/report?lang=xx', reportFields('x'));
    expect(post.status).toBe(400);
    expect(await counts(db)).toEqual(before);
  });
});
