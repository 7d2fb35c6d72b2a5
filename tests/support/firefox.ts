import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Builder, type WebDriver } from 'selenium-webdriver';
import firefox from 'selenium-webdriver/firefox';

/** Debian's Firefox ESR, the engine of Tor Browser, and geckodriver (scripts/services.sh installs both). */
export const FIREFOX_PATH = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
export const GECKODRIVER_PATH = process.env.GECKODRIVER_PATH || path.join(os.homedir(), '.cargo/bin/geckodriver');

export type FirefoxPrefs = Record<string, boolean | number | string>;

/** Tor Browser's "Safer" level as it sets it: no WebAssembly, no JIT (Ion, baseline), no native regular expressions. */
export const TOR_SAFER: FirefoxPrefs = {
  'javascript.options.wasm': false,
  'javascript.options.ion': false,
  'javascript.options.baselinejit': false,
  'javascript.options.native_regexp': false,
};

/** Tor Browser's "Safest" level, as far as this portal is concerned: no JavaScript at all. */
export const TOR_SAFEST: FirefoxPrefs = { ...TOR_SAFER, 'javascript.enabled': false };

/** Quiet in a closed network: no updates, telemetry or first-run pages. */
const QUIET: FirefoxPrefs = {
  'app.update.auto': false,
  'browser.shell.checkDefaultBrowser': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.enabled': false,
  'network.captive-portal-service.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
};

export type Firefox = { driver: WebDriver; quit: () => Promise<void> };

/** Whether Firefox ESR and geckodriver are installed (they are after `scripts/services.sh start`). */
export function firefoxInstalled(): boolean {
  return fs.existsSync(FIREFOX_PATH) && fs.existsSync(GECKODRIVER_PATH);
}

/**
 * Headless Firefox ESR through geckodriver with the given preferences, in a fresh profile
 * created under a temporary folder of its own. `quit()` ends the browser and geckodriver and
 * removes the folder; call it in a `finally` or `afterAll` (it never throws).
 */
export async function launchFirefox(prefs: FirefoxPrefs = {}): Promise<Firefox> {
  const profileRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-firefox-'));
  const options = new firefox.Options().setBinary(FIREFOX_PATH).addArguments('-headless').windowSize({ width: 1280, height: 900 });
  for (const [key, value] of Object.entries({ ...QUIET, ...prefs })) options.setPreference(key, value);
  const service = new firefox.ServiceBuilder(GECKODRIVER_PATH).addArguments('--profile-root', profileRoot);
  let driver: WebDriver | undefined;
  const quit = async () => {
    await driver?.quit().catch(() => undefined);
    driver = undefined;
    fs.rmSync(profileRoot, { recursive: true, force: true });
  };
  try {
    driver = await new Builder().forBrowser('firefox').setFirefoxOptions(options).setFirefoxService(service).build();
  } catch (err) {
    await quit();
    throw err;
  }
  await driver.manage().setTimeouts({ script: 120_000 });
  return { driver, quit };
}
