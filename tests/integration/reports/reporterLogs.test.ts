import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import pino from 'pino';
import { BucketLog } from '../../../server/bucketLog';
import { requestLog } from '../../../server/middlewares/requestLog';
import { errorHandler } from '../../../server/middlewares/errorHandler';

const HOUR = 3600_000;

/**
 * Request logs (issue 12): a reporter's request leaves no timed line; it is counted, and an
 * unexpected error is still logged, both written at the end of the rounding bucket with the
 * bucket's time. Investigators' requests keep their timed lines. Runs the real middlewares in an
 * express app on a port; the clock of the bucket log is the test's.
 */
describe('request logs by audience', () => {
  const timed: string[] = [];
  const bucketed: string[] = [];
  let clock = Date.UTC(2026, 0, 15, 9, 17, 23, 456);
  let server: http.Server;
  let url: string;
  let log: BucketLog;

  beforeAll(async () => {
    const logger = pino({ base: { pid: process.pid } }, { write: (l: string) => void timed.push(l) });
    log = new BucketLog({ level: 'info', name: 'server', roundingMinutes: async () => 60, out: (l) => void bucketed.push(l), now: () => clock, checkEveryMs: 60_000 });
    const app = express();
    app.use(requestLog(logger, log));
    app.post('/api/reports', (_req, res) => void res.status(201).json({ ok: true }));
    app.post('/api/reports/status', () => {
      throw new TypeError('boom');
    });
    app.get('/api/console/inbox', (_req, res) => void res.json({ rows: [] }));
    app.use(errorHandler(logger, log));
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    log.stop();
    await new Promise((r) => server.close(r));
  });

  const settle = () => new Promise((r) => setTimeout(r, 50));

  it('counts reporters\' requests and holds their errors until the bucket ends, then writes them stamped with its end', async () => {
    expect((await fetch(`${url}/api/reports`, { method: 'POST' })).status).toBe(201);
    expect((await fetch(`${url}/api/reports`, { method: 'POST' })).status).toBe(201);
    expect((await fetch(`${url}/api/reports/status`, { method: 'POST' })).status).toBe(500);
    await settle();
    // Nothing about them yet, timed or not.
    expect(timed).toEqual([]);
    expect(bucketed).toEqual([]);

    clock += HOUR; // 10:17: the 09:00 bucket has ended
    // A request of the new bucket does not trigger the write (it would happen at that request's time).
    expect((await fetch(`${url}/api/reports`, { method: 'POST' })).status).toBe(201);
    await settle();
    expect(bucketed).toEqual([]);
    log.roll(); // the timer's tick
    const lines = bucketed.map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    const end = Date.UTC(2026, 0, 15, 10, 0, 0, 0);
    expect(lines.map((l) => l.time)).toEqual([end, end]);
    expect(lines[0]).toMatchObject({ msg: 'reporter activity', bucket: '2026-01-15T09:00:00.000Z', counts: { 'POST /api/reports 201': 2, 'POST /api/reports/status 500': 1 } });
    // The error is still logged: its class and place, no time of its own.
    expect(lines[1]).toMatchObject({ level: 50, msg: 'unexpected error', err: { type: 'TypeError' }, bucket: '2026-01-15T09:00:00.000Z' });
    expect(bucketed.join('')).not.toMatch(/"time":(?!1768471200000)\d/);
    // Written once; the 10:00 bucket's request waits for its own end.
    log.roll();
    expect(bucketed).toHaveLength(2);
    clock += HOUR;
    log.roll();
    expect(JSON.parse(bucketed[2])).toMatchObject({ time: end + HOUR, bucket: '2026-01-15T10:00:00.000Z', counts: { 'POST /api/reports 201': 1 } });
  });

  it('logs an investigator\'s request at once, with its exact time', async () => {
    expect((await fetch(`${url}/api/console/inbox`)).status).toBe(200);
    await settle();
    expect(timed).toHaveLength(1);
    const line = JSON.parse(timed[0]);
    expect(line).toMatchObject({ method: 'GET', route: '/api/console/inbox', status: 200, msg: 'request' });
    expect(Math.abs(line.time - Date.now())).toBeLessThan(10_000);
  });
});
