/**
 * The reporter's waits at each Tor Browser security level (issue 11), at the production
 * proof-of-work difficulty (16 bits): from the click on "send" to the case code on screen for a
 * text report, and from the click on "open my case" to the case on screen. Browsers:
 * Chromium (Standard; Safer stand-in: --js-flags=--jitless and WebAssembly deleted) and
 * Firefox ESR (Standard; Tor Browser's own Safer preferences). The proof of work starts with the
 * first keystroke (client/reporter/flow/powAhead.ts); here the form is filled by the driver in
 * well under a second, the worst case. BENCH_WRITE_SECONDS=30 waits that long between filling and
 * sending, like a reporter who writes for half a minute.
 * Run: npm run bench -- reporterLevels   (or: npx tsx bench/reporterLevels.bench.ts [runs] [levels,comma,separated])
 * Prints figures (median and max of the runs), asserts nothing.
 */
import { cryptoReady } from '../core/crypto';
import { launchBrowser } from '../tests/support/browser';
import { clientPinsDemoKey, loadDemoDeployment } from '../tests/support/demoDeployment';
import { firefoxInstalled, launchFirefox, TOR_SAFER, type FirefoxPrefs } from '../tests/support/firefox';
import { startServer } from '../tests/support/processes';
import { launchSaferChromium } from '../tests/support/saferChromium';
import { REDIS_URL, mongoUriFor, uniqueName } from '../tests/support/testEnv';
import { reporterChecksStatus } from '../tests/e2e/pages/reporterChecksStatus';
import { reporterOpensPortal } from '../tests/e2e/pages/reporterOpensPortal';
import { reporterConfirmsCode, reporterFillsReport, reporterSendsReport, type ReportInput } from '../tests/e2e/pages/reporterSubmitsReport';
import { reporterChecksStatusInFirefox, reporterConfirmsCodeInFirefox, reporterOpensPortalInFirefox, reporterSubmitsReportInFirefox } from '../tests/e2e/pages/firefoxReporter';

const RUNS = Number(process.argv[2] ?? 3);
const ONLY = process.argv[3]?.split(',');
const WRITE_MS = Number(process.env.BENCH_WRITE_SECONDS ?? 0) * 1000;
const SLOW = 300_000;
const REPORT: ReportInput = { category: 'bribery', region: 'KZ-75', seniority: 'S2', amount: 'A1', flags: ['criminal_signs'], description: 'Benchmark: the akimat asks for money for a building permit.' };

type Run = { sendMs: number; openMs: number; backend: string };
type Level = { name: string; available: () => boolean; run: (url: string) => Promise<Run> };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function chromiumLevel(name: string, safer: boolean): Level {
  return {
    name,
    available: () => true,
    async run(url) {
      const browser = safer ? await launchSaferChromium() : await launchBrowser();
      try {
        const page = await browser.newPage();
        await reporterOpensPortal(page, url, 'en');
        const backend = (await page.locator('[data-crypto-backend]').getAttribute('data-crypto-backend')) ?? '?';
        await reporterFillsReport(page, REPORT);
        await sleep(WRITE_MS);
        const s0 = performance.now();
        const code = await reporterSendsReport(page, SLOW);
        const sendMs = performance.now() - s0;
        await reporterConfirmsCode(page, code);
        const o0 = performance.now();
        await reporterChecksStatus(page, code, SLOW);
        return { sendMs, openMs: performance.now() - o0, backend };
      } finally {
        await browser.close();
      }
    },
  };
}

function firefoxLevel(name: string, prefs: FirefoxPrefs): Level {
  return {
    name,
    available: firefoxInstalled,
    async run(url) {
      const ff = await launchFirefox(prefs);
      try {
        await reporterOpensPortalInFirefox(ff.driver, url, 'en');
        const backend = (await ff.driver.executeScript<string>('return document.querySelector("[data-crypto-backend]")?.dataset.cryptoBackend')) ?? '?';
        const { code, sendMs } = await reporterSubmitsReportInFirefox(ff.driver, REPORT, WRITE_MS);
        await reporterConfirmsCodeInFirefox(ff.driver, code);
        const { openMs } = await reporterChecksStatusInFirefox(ff.driver, code);
        return { sendMs, openMs, backend };
      } finally {
        await ff.quit();
      }
    },
  };
}

const LEVELS: Level[] = [
  chromiumLevel('Chromium Standard', false),
  chromiumLevel('Chromium Safer (jitless, no WebAssembly)', true),
  firefoxLevel('Firefox ESR Standard', {}),
  firefoxLevel("Firefox ESR Safer (Tor Browser's prefs)", TOR_SAFER),
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main() {
  await cryptoReady();
  const demo = await loadDemoDeployment();
  if (!clientPinsDemoKey(demo.rootPublicKey)) throw new Error('client/dist does not pin the demo root key: run "npm run build:client"');
  const server = await startServer({ MONGODB_URI: mongoUriFor(uniqueName('levels_bench')), REDIS_URL, QUEUE_PREFIX: uniqueName('q'), POW_DIFFICULTY: '16', ...demo.env });
  console.log(`Reporter waits per Tor Browser level, proof of work 16 bits, ${RUNS} runs each${WRITE_MS ? `, ${WRITE_MS / 1000} s of writing before sending` : ', sent right after filling'}`);
  console.log('level                                       backend     click→code median (max)   open case median (max)');
  try {
    for (const level of LEVELS) {
      if (ONLY && !ONLY.some((o) => level.name.toLowerCase().includes(o.toLowerCase()))) continue;
      if (!level.available()) {
        console.log(`${level.name.padEnd(44)}not installed (bash scripts/services.sh start)`);
        continue;
      }
      const runs: Run[] = [];
      for (let i = 0; i < RUNS; i++) {
        try {
          runs.push(await level.run(server.url));
        } catch (err) {
          console.log(`${level.name.padEnd(44)}run ${i + 1} failed: ${String(err).split('\n')[0]}`);
          break;
        }
      }
      if (!runs.length) continue;
      const sends = runs.map((r) => r.sendMs);
      const opens = runs.map((r) => r.openMs);
      console.log(
        `${level.name.padEnd(44)}${runs[0].backend.padEnd(12)}${`${seconds(median(sends))} (${seconds(Math.max(...sends))})`.padEnd(26)}${seconds(median(opens))} (${seconds(Math.max(...opens))})`,
      );
    }
  } finally {
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
