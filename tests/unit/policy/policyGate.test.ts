import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cryptoReady } from '../../../core/crypto';
import { PolicyError } from '../../../core/policy';
import { createPolicyGate } from '../../../client/shared/policyGate';
import { createTestDeployment, signPolicySource, type TestDeployment } from '../../support/deployment';
// Loaded with require() inside jest.isolateModulesAsync, so each test gets fresh page-level state.
import type * as Crypto from '../../../core/crypto';
import type * as Keyring from '../../../client/console/keyring';
import type * as UsePolicy from '../../../client/reporter/usePolicy';

/**
 * Issue 13, items 7 and 9: the browser refuses a policy older than the newest it was built with
 * or has already accepted in this page (a replayed older signed policy may still list keys since
 * retired), and checks the policy's validity dates against the current time.
 */
let d: TestDeployment;
const signed = (version: number, dates: { validFrom?: string; validUntil?: string } = {}) =>
  signPolicySource({ ...(d.signed.policy as Record<string, unknown>), version, ...dates }, { secretKey: d.rootSecretKey, publicKey: d.rootPublicKey });
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof PolicyError ? err.code : String(err);
  }
  return 'accepted';
};

beforeAll(async () => {
  await cryptoReady();
  d = await createTestDeployment();
});

describe('the page policy gate (client/shared/policyGate.ts)', () => {
  test('never goes back below a version this page has accepted', () => {
    const gate = createPolicyGate(0);
    expect(gate.verify(signed(5), d.rootPublicKey).version).toBe(5);
    expect(gate.verify(signed(6), d.rootPublicKey).version).toBe(6);
    expect(codeOf(() => gate.verify(signed(5), d.rootPublicKey))).toBe('policy_rollback');
    expect(gate.verify(signed(6), d.rootPublicKey).version).toBe(6);
    expect(gate.floor()).toBe(6);
  });

  test('refuses anything older than the version the client was built with, even on first sight', () => {
    const gate = createPolicyGate(4);
    expect(codeOf(() => gate.verify(signed(3), d.rootPublicKey))).toBe('policy_rollback');
    expect(gate.verify(signed(4), d.rootPublicKey).version).toBe(4);
  });

  test('a refused policy does not raise the floor; a bad signature stays a bad signature', () => {
    const gate = createPolicyGate(0);
    const forged = { ...signed(9), signature: { ...signed(9).signature, value: signed(8).signature.value } };
    expect(codeOf(() => gate.verify(forged, d.rootPublicKey))).toBe('bad_signature');
    expect(gate.floor()).toBe(0);
  });

  test('checks the validity dates against the current time', () => {
    const gate = createPolicyGate(0);
    const day = 24 * 3600_000;
    const expired = signed(7, { validFrom: new Date(Date.now() - 30 * day).toISOString(), validUntil: new Date(Date.now() - day).toISOString() });
    expect(codeOf(() => gate.verify(expired, d.rootPublicKey))).toBe('policy_not_valid_now');
    const notYet = signed(7, { validFrom: new Date(Date.now() + day).toISOString(), validUntil: new Date(Date.now() + 30 * day).toISOString() });
    expect(codeOf(() => gate.verify(notYet, d.rootPublicKey))).toBe('policy_not_valid_now');
  });
});

/**
 * The console's and the portal's own loaders, run here with their fetch pointed at a real HTTP
 * server that plays a server replaying an older signed policy. Node has no page origin, so the
 * relative '/api/policy' of the browser code is resolved against that server; nothing else is
 * replaced. The build-time globals are set as vite would define them.
 */
describe('the console and the portal refuse a replayed older policy', () => {
  let server: Server;
  let served: unknown[] = [];
  const realFetch = globalThis.fetch;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ signed: served.shift(), standby: {} }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    globalThis.fetch = ((input: string, init?: RequestInit) => realFetch(input.startsWith('/') ? `${base}${input}` : input, init)) as typeof fetch;
    Object.assign(globalThis, { __CC_ROOT_PUBLIC_KEY__: d.rootPublicKey, __CC_MIN_POLICY_VERSION__: 2 });
  });
  afterAll(async () => {
    globalThis.fetch = realFetch;
    await new Promise<void>((r) => server.close(() => r()));
  });

  test('console keyring: accepts version 3, then refuses 2 (rollback), and an expired policy', async () => {
    await jest.isolateModulesAsync(async () => {
      // The console starts the crypto at page load; here, in this fresh module registry.
      await (require('../../../core/crypto') as typeof Crypto).cryptoReady();
      const { loadVerifiedPolicy } = require('../../../client/console/keyring') as typeof Keyring;
      served = [signed(3), signed(2), signed(1)];
      expect((await loadVerifiedPolicy()).policy.version).toBe(3);
      await expect(loadVerifiedPolicy()).rejects.toMatchObject({ code: 'policy_rollback' });
      await expect(loadVerifiedPolicy()).rejects.toMatchObject({ code: 'policy_rollback' });
      served = [signed(4, { validUntil: new Date(Date.now() - 1000).toISOString(), validFrom: new Date(Date.now() - 86400_000).toISOString() })];
      await expect(loadVerifiedPolicy()).rejects.toMatchObject({ code: 'policy_not_valid_now' });
    });
  });

  test('reporter portal: below the build floor on first load, and a rollback after a newer one', async () => {
    await jest.isolateModulesAsync(async () => {
      const { loadVerifiedPolicy } = require('../../../client/reporter/usePolicy') as typeof UsePolicy;
      served = [signed(1)];
      const first = await loadVerifiedPolicy();
      expect(first).toMatchObject({ state: 'refused', noKey: false });
      expect((first as { reason: string }).reason).toMatch(/^policy_rollback/);
      served = [signed(5)];
      expect(await loadVerifiedPolicy()).toMatchObject({ state: 'ok', policy: { version: 5 } });
      served = [signed(4)];
      expect(((await loadVerifiedPolicy()) as { reason: string }).reason).toMatch(/^policy_rollback/);
    });
  });
});
