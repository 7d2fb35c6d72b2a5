import type { Redis } from 'ioredis';
import mongoose from 'mongoose';

const { ObjectId, Timestamp, Binary, Long, Double, Int32, Decimal128 } = mongoose.mongo;

/**
 * Searching every store for times that date something more precisely than the policy's rounding.
 * A value is a finding when, read as a time in any of the encodings a store uses (milliseconds,
 * seconds, microseconds, BullMQ's `ms * 4096 + counter` scores, ISO strings, Dates, the seconds
 * inside an ObjectId, the milliseconds of a Redis stream entry id, a key's expiry), it falls
 * inside the watched window and is not a multiple of the rounding step.
 */
export type TimeWindow = {
  from: number;
  to: number;
  stepMs: number;
  /**
   * Durations the system adds to an action's time (an upload's TTL, a challenge's TTL): a time
   * that lies one of these after the window dates the action just as well.
   */
  offsetsMs?: number[];
};
export type TimeFinding = { where: string; kind: string; raw: string; time: string };

export class TimeScanner {
  readonly findings: TimeFinding[] = [];
  /** Rounded times of the window's buckets seen: proves the scan read the times that are there. */
  rounded = 0;

  constructor(readonly window: TimeWindow) {}

  /** Records `ms` if it lies in the window and is finer than the rounding. */
  check(where: string, kind: string, ms: number, raw: unknown) {
    if (!Number.isFinite(ms)) return;
    const { from, to, stepMs } = this.window;
    if (Math.abs(ms % stepMs) < 1e-6) {
      // Rounded down, a time of the window lands at the start of its bucket.
      if (ms >= Math.floor(from / stepMs) * stepMs && ms <= to) this.rounded += 1;
      return;
    }
    const offset = [0, ...(this.window.offsetsMs ?? [])].find((o) => ms - o >= from && ms - o <= to);
    if (offset === undefined) return;
    this.findings.push({ where, kind: offset ? `${kind} (window + ${offset / 1000} s)` : kind, raw: String(raw).slice(0, 120), time: new Date(ms).toISOString() });
  }

  /** A number in any of the time encodings the stores use. */
  number(where: string, n: number, raw: unknown = n) {
    if (!Number.isFinite(n) || n <= 0) return;
    this.check(where, 'ms', n, raw);
    this.check(where, 'seconds', n * 1000, raw);
    this.check(where, 'microseconds', n / 1000, raw);
    // BullMQ delayed and prioritised scores: timestamp * 0x1000 + a 12-bit counter.
    this.check(where, 'bullmq score', Math.floor(n / 4096), raw);
  }

  /** Digit runs, ISO dates and hexadecimal ObjectIds inside any text (key names, JSON, log lines). */
  text(where: string, s: string) {
    for (const m of s.matchAll(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g)) {
      this.check(where, 'iso', Date.parse(m[0].length === 16 ? `${m[0]}Z` : m[0]), m[0]);
    }
    for (const m of s.matchAll(/(?<![\d.])\d{9,19}(?:\.\d+)?(?![\d])/g)) this.number(where, Number(m[0]), m[0]);
    for (const m of s.matchAll(/(?<![0-9a-fA-F])[0-9a-fA-F]{24}(?![0-9a-fA-F])/g)) {
      this.check(where, 'objectid (hex)', parseInt(m[0].slice(0, 8), 16) * 1000, m[0]);
    }
  }

  /** Any BSON value, walked: Dates, ObjectIds, Timestamps, numbers, strings; binary data is ciphertext and skipped. */
  bson(where: string, v: unknown, depth = 0): void {
    if (v === null || v === undefined || depth > 40) return;
    if (v instanceof Date) return this.check(where, 'date', v.getTime(), v.toISOString());
    if (v instanceof ObjectId) return this.check(where, 'objectid', v.getTimestamp().getTime(), v.toHexString());
    if (v instanceof Timestamp) return this.check(where, 'bson timestamp', v.high * 1000, v.toString());
    if (v instanceof Binary) return;
    if (v instanceof Long || v instanceof Double || v instanceof Int32 || v instanceof Decimal128) return this.number(where, Number(v.toString()));
    if (typeof v === 'number') return this.number(where, v);
    if (typeof v === 'string') return this.text(where, v);
    if (Array.isArray(v)) return v.forEach((x, i) => this.bson(`${where}[${i}]`, x, depth + 1));
    if (typeof v === 'object') {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        this.text(`${where}.${k} (field name)`, k);
        this.bson(`${where}.${k}`, x, depth + 1);
      }
    }
  }
}

/** Every document of every collection (GridFS files and chunks included). Returns the document count. */
export async function scanMongo(scanner: TimeScanner, db: mongoose.Connection): Promise<number> {
  let documents = 0;
  for (const { name } of await db.db!.listCollections().toArray()) {
    for await (const doc of db.db!.collection(name).find({}, { promoteValues: false, promoteLongs: false })) {
      documents += 1;
      scanner.bson(`mongo ${name} ${String(doc._id)}`, doc);
    }
  }
  return documents;
}

/**
 * Every key matching `match`: its name, its value by type, a stream's entry ids and its XINFO
 * (an emptied stream still keeps the id, hence the time, of its last entry). Returns the keys
 * seen and those with a TTL (transient: the caller judges them).
 */
export async function scanRedis(scanner: TimeScanner, redis: Redis, match = '*'): Promise<{ keys: string[]; expiring: { key: string; ttlMs: number }[] }> {
  const keys: string[] = [];
  const expiring: { key: string; ttlMs: number }[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 500);
    cursor = next;
    for (const key of batch) {
      keys.push(key);
      const where = `redis ${key}`;
      scanner.text(`${where} (key name)`, key);
      const type = await redis.type(key);
      if (type === 'string') scanner.text(where, (await redis.get(key)) ?? '');
      else if (type === 'hash') for (const [f, v] of Object.entries(await redis.hgetall(key))) scanner.text(`${where} ${f}`, `${f} ${v}`);
      else if (type === 'list') for (const v of await redis.lrange(key, 0, -1)) scanner.text(where, v);
      else if (type === 'set') for (const v of await redis.smembers(key)) scanner.text(where, v);
      else if (type === 'zset') {
        const flat = await redis.zrange(key, 0, -1, 'WITHSCORES');
        for (let i = 0; i < flat.length; i += 2) {
          scanner.text(`${where} member`, flat[i]);
          scanner.number(`${where} score of ${flat[i]}`, Number(flat[i + 1]));
        }
      } else if (type === 'stream') {
        const info = (await redis.call('XINFO', 'STREAM', key)) as unknown[];
        scanner.text(`${where} (xinfo)`, JSON.stringify(info));
        for (const [id, fields] of await redis.xrange(key, '-', '+')) scanner.text(`${where} entry`, `${id} ${fields.join(' ')}`);
      }
      // An expiry read back as now + PTTL is off by the read's own latency: the caller judges these.
      const ttlMs = await redis.pttl(key);
      if (ttlMs > 0) expiring.push({ key, ttlMs });
    }
  } while (cursor !== '0');
  return { keys, expiring };
}

/** Every line of the given process outputs: its `time` and any time-like text in it. */
export function scanLogs(scanner: TimeScanner, logs: Record<string, string>): number {
  let lines = 0;
  for (const [name, text] of Object.entries(logs)) {
    for (const [i, line] of text.split('\n').entries()) {
      if (!line.trim()) continue;
      lines += 1;
      scanner.text(`${name} log line ${i + 1}: ${line.slice(0, 160)}`, line);
    }
  }
  return lines;
}
