/**
 * Browser time to open and decrypt a case with a 10 MiB attachment, in headless Chromium with
 * the built console against the real API process: sign-in (Argon2id MODERATE, session, grants),
 * opening the case (fetch + unwrap + decrypt body, thread, file names), and decrypting the
 * attachment as it streams from GridFS into a saved file. Wall-clock times around the user's
 * action, measured from the test driver.
 * Run: source .data/services.env && npm run build:client && npx tsx bench/caseOpenBrowser.bench.ts [MiB] [runs]
 * Uses the demo deployment (the built client pins its root key) and a private FerretDB.
 * Prints figures, asserts nothing.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { cryptoReady } from '../core/crypto';
import { launchBrowser } from '../tests/support/browser';
import { FACTORY_PASSWORD } from '../tests/support/consoleFactory';
import { clientPinsDemoKey, loadDemoDeployment } from '../tests/support/demoDeployment';
import type { TestDeployment } from '../tests/support/deployment';
import { uploadAttachment } from '../tests/support/reporterClient';
import { investigatorSignsIn } from '../tests/e2e/pages/investigatorConsole';
import { startConsoleBenchStack } from './consoleBenchStack';

const MIB = Number(process.argv[2] ?? 10);
const RUNS = Number(process.argv[3] ?? 3);
const UNIT = 'aca@KZ-75';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  await cryptoReady();
  const demo = await loadDemoDeployment();
  if (!clientPinsDemoKey(demo.rootPublicKey)) throw new Error('client/dist does not pin the demo root key: run "npm run build:client"');
  const stack = await startConsoleBenchStack('open_bench', { policy: demo.policy, unitKeys: new Map([[UNIT, demo.unitKeyPair(UNIT)]]), env: demo.env } as unknown as TestDeployment);
  const { factory } = stack;
  const server = await stack.startServer();
  const browser = await launchBrowser();
  try {
    const me = await factory.account();
    await factory.member(me, UNIT);
    const c = await factory.routedCase({ category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: [] }, { assigneeId: me.id, text: 'Benchmark report.' });
    const plaintext = randomBytes(MIB * 1024 * 1024);
    const up = await uploadAttachment(server.url, c.report.secrets, plaintext, 'evidence.bin');
    if (up.status !== 200) throw new Error(`upload: ${up.status} ${JSON.stringify(up.body)}`);

    const page = await browser.newPage();
    const t0 = performance.now();
    await investigatorSignsIn(page, server.url, me.username, FACTORY_PASSWORD, me.totpSecret);
    const signIn = performance.now() - t0;
    const version = browser.browser()?.version() ?? (await page.evaluate(() => navigator.userAgent));

    const opens: number[] = [];
    const files: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      await page.goto(`${server.url}/console?lang=en#inbox`);
      await page.waitForSelector(`tr[data-case-id="${c.id}"] a`);
      const o0 = performance.now();
      await page.click(`tr[data-case-id="${c.id}"] a`);
      await page.locator('[data-testid="report-text"]').waitFor();
      opens.push(performance.now() - o0);
      const f0 = performance.now();
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.locator('[data-testid="files"] li button').click()]);
      const path = await download.path();
      files.push(performance.now() - f0);
      if (!fs.readFileSync(path!).equals(plaintext)) throw new Error('the saved file differs from the original');
    }
    console.log(`Case opening in headless Chromium (${version}), attachment ${MIB} MiB (${up.ciphertext!.length} bytes of ciphertext), ${RUNS} runs`);
    console.log(`  sign-in (Argon2id MODERATE + login + grants)  ${signIn.toFixed(0)} ms`);
    console.log(`  open case (fetch + unwrap + decrypt)          median ${median(opens).toFixed(0)} ms   runs ${opens.map((x) => x.toFixed(0)).join(', ')}`);
    console.log(`  decrypt and save the attachment               median ${median(files).toFixed(0)} ms   runs ${files.map((x) => x.toFixed(0)).join(', ')}   (${((MIB * 1000) / median(files)).toFixed(1)} MiB/s end to end)`);
    console.log(`  open case + attachment                        median ${(median(opens) + median(files)).toFixed(0)} ms`);
  } finally {
    await browser.close();
    await stack.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
