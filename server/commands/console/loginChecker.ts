import { decoySaltForUnknownUser, verifyAuthKey } from '../../../core/crypto';
import { unauthorized } from '../../../core/errors';
import { Investigator } from '../../models/Investigator';
import type { AccountDoc } from './accountView';
import type { ConsoleSecrets } from './serverSecrets';
import type { LoginThrottle } from './loginThrottle';
import { consumeTotpStep, totpStep } from './totp';
import { assertServerSecretMatches, wrapLegacyBlob } from './keysAtRest';

// A verifier no authKey matches: unknown names cost the same BLAKE2b as known ones.
const DECOY_VERIFIER = 'A'.repeat(43);

const loginFailed = () => unauthorized('login_failed', 'The user name, password or one-time code is wrong.');

/** Above the credential check's own time (p90 ~37 ms here), so both kinds of failure wait for it. */
export const FAILED_LOGIN_FLOOR_MS = 250;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The salt the browser needs to derive the password keys. Unknown, invited and disabled names
 * get a deterministic decoy (keyed hash of the name), so the answer never tells whether a name exists.
 */
export async function saltFor(username: string, secrets: ConsoleSecrets): Promise<string> {
  const a = await Investigator.findOne({ username, state: 'active' }, { authSalt: 1 }).lean<{ authSalt?: string }>();
  return a?.authSalt ?? decoySaltForUnknownUser(username, secrets.decoyKey);
}

/**
 * Checks authKey (keyed BLAKE2b verifier, constant-time) and the TOTP code, then consumes the
 * code's time step. Every failure is the same 401 'login_failed', except a replayed code after
 * a correct password ('totp_reused'), which the real user needs to understand. The attempt
 * counts against the name until it succeeds (loginThrottle.ts).
 */
export async function checkLogin(
  input: { username: string; authKey: string; totp: string },
  secrets: ConsoleSecrets,
  throttle: LoginThrottle,
): Promise<AccountDoc> {
  const started = Date.now();
  await throttle.before(input.username);
  // Another SERVER_SECRET: every verifier would fail; say why instead (503, same for every name).
  await assertServerSecretMatches(secrets);
  const a = await Investigator.findOne({ username: input.username }).lean<AccountDoc>();
  const active = a?.state === 'active';
  const passwordOk = verifyAuthKey(input.authKey, (active && a.authVerifier) || DECOY_VERIFIER, secrets.pepper) && active;
  const step = totpStep(input.totp, active ? a.totpSecret : undefined);
  // The attempt is already counted (throttle.before); a failure writes nothing else, so a
  // known name and an unknown one leave the same trace (one Redis counter, no database write).
  if (!passwordOk || step === null) {
    // Every failure answers at the same moment, FAILED_LOGIN_FLOOR_MS after it arrived: the
    // database finds a known name sooner than it proves an unknown one absent (on FerretDB a
    // miss scans the accounts; measured 23.5 vs 28.1 ms median, bench/loginTiming.bench.ts).
    await sleep(Math.max(0, started + FAILED_LOGIN_FLOOR_MS - Date.now()));
    throw loginFailed();
  }
  const account = a!;
  if (!(await consumeTotpStep(account._id, step))) {
    throw unauthorized('totp_reused', 'This one-time code was already used; wait for the next code.');
  }
  await throttle.succeeded(input.username);
  // A blob stored before the at-rest layer existed is wrapped now (keysAtRest.ts).
  await wrapLegacyBlob(secrets, account._id, account.keysByPassword);
  return account;
}
