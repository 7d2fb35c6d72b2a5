/**
 * Issue 13 item 1: a failed sign-in must take the same time for an existing name and an unknown
 * one (and write the same: tests/integration/console/loginThrottle.test.ts proves that part).
 * Sends failed sign-ins one at a time, alternating an existing account (fresh accounts, fewer
 * than the throttle's free failures each) and a name nobody has, and prints both latency distributions
 * and their difference. Run: npx tsx bench/loginTiming.bench.ts [attempts per kind, default 150]
 * Prints figures, asserts nothing. Its database and queue prefix are throw-away.
 */
import mongoose from 'mongoose';
import { startConsoleServer } from '../tests/integration/console/consoleServer';
import { consoleFetch } from '../tests/support/consoleFactory';
import { THROTTLE } from '../server/commands/console/loginThrottle';

const ATTEMPTS = Number(process.argv[2] ?? 150);
// Within the failures answered at full speed (after them the throttle delays on purpose, the same
// for any name: loginThrottle.ts), so every attempt measures the credential check itself.
const PER_ACCOUNT = THROTTLE.freeFailures;

async function main() {
  const t = await startConsoleServer('bench_login');
  try {
    const wrongKey = Buffer.alloc(32, 7).toString('base64url');
    const accounts = [];
    for (let i = 0; i < Math.ceil(ATTEMPTS / PER_ACCOUNT); i++) accounts.push(await t.factory.account());
    const attempt = async (username: string) => {
      const t0 = performance.now();
      const res = await consoleFetch(t.server.url, '/api/console/auth/login', { method: 'POST', body: { username, authKey: wrongKey, totp: '000000' } });
      if (res.status !== 401) throw new Error(`expected 401, got ${res.status}`);
      return performance.now() - t0;
    };
    for (let i = 0; i < 20; i++) await attempt(`warmup.${i}`); // JIT, connections
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < ATTEMPTS; i++) {
      known.push(await attempt(accounts[Math.floor(i / PER_ACCOUNT)].username));
      unknown.push(await attempt(`nobody.${i}.${Math.random().toString(36).slice(2, 8)}`));
    }
    const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
    const row = (label: string, xs: number[]) => `  ${label.padEnd(14)} p10 ${q(xs, 10).toFixed(2).padStart(7)} ms   p50 ${q(xs, 50).toFixed(2).padStart(7)} ms   p90 ${q(xs, 90).toFixed(2).padStart(7)} ms`;
    console.log(`failed sign-ins, one at a time, ${ATTEMPTS} of each kind, ${accounts.length} accounts in the database`);
    console.log(row('existing name', known));
    console.log(row('unknown name', unknown));
    console.log(`  difference of medians: ${(q(known, 50) - q(unknown, 50)).toFixed(2)} ms (${(((q(known, 50) - q(unknown, 50)) / q(unknown, 50)) * 100).toFixed(1)} %)`);
  } finally {
    await t.db.dropDatabase().catch(() => undefined);
    await t.stop();
    await mongoose.disconnect();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
