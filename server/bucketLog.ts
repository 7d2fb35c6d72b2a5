import { createUntimedLogger, type Logger } from './logger';

type Options = {
  level: string;
  name: string;
  /** The policy's `timeRoundingMinutes` (read again every minute); until known, 60. */
  roundingMinutes: () => Promise<number>;
  /** Where finished lines go (stdout, like every logger of ours). */
  out?: (line: string) => void;
  now?: () => number;
  /** How often to look whether the bucket ended; the lines wait at most this long after its end. */
  checkEveryMs?: number;
};

/** Lines held per bucket at most: a flood of errors must not fill the memory. */
const MAX_HELD = 500;

/**
 * Logging about reporters' actions without dating them. A line stamped with the exact time of a
 * submission, a status check, a message or an upload would tell a log reader when it happened,
 * more precisely than the policy's rounding. So, for those requests and jobs:
 * - requests are counted per route and status, not logged one by one;
 * - the lines that must be written (errors, warnings) are held in memory without a time;
 * - once the rounding bucket has ended, at the next tick of a timer (every 10 s from the
 *   process's start, whatever reporters do), one summary line and the held lines are written,
 *   all stamped with the bucket's end, and `bucket` names its start.
 * Position in the output says no more than the time: everything is written at the bucket's end.
 * A process that stops loses its current bucket's lines (writing them early would date them);
 * at most MAX_HELD lines are held per bucket, the rest counted as `dropped`.
 */
type Bucket = { counts: Map<string, number>; held: string[]; dropped: number };

export class BucketLog {
  /** A pino logger for code that logs about a reporter's action: its lines are held, untimed. */
  readonly logger: Logger;
  /** Open buckets by start time: the current one, and an ended one until the next timer tick. */
  private readonly buckets = new Map<number, Bucket>();
  private stepMs = 60 * 60_000;
  private lastRoundingRead = -Infinity;
  private readonly timer: NodeJS.Timeout;
  private readonly out: (line: string) => void;
  private readonly now: () => number;

  constructor(private readonly options: Options) {
    this.out = options.out ?? ((line) => void process.stdout.write(line));
    this.now = options.now ?? Date.now;
    this.logger = createUntimedLogger(options.level, options.name, (line) => this.hold(line));
    this.timer = setInterval(() => this.roll(), options.checkEveryMs ?? 10_000).unref();
    this.readRounding();
  }

  /** Counts one request (or job outcome) under `key`, e.g. `POST /api/reports 201`. */
  count(key: string) {
    const b = this.current();
    b.counts.set(key, (b.counts.get(key) ?? 0) + 1);
  }

  /**
   * Writes the buckets that have ended. Called by the timer only, never by a record: a write
   * triggered by a reporter's request would happen at that request's time, and whatever stamps
   * lines on arrival (journald, Docker) would record it.
   */
  roll() {
    this.readRounding();
    const start = this.startOf(this.now());
    for (const [bucket, content] of [...this.buckets].sort(([a], [b]) => a - b)) {
      if (bucket >= start) continue;
      this.buckets.delete(bucket);
      this.flush(bucket, Math.min(start, bucket + this.stepMs), content);
    }
  }

  /** Stops the timer; the current bucket's lines are not written (see the class comment). */
  stop() {
    clearInterval(this.timer);
  }

  private startOf(t: number) {
    return Math.floor(t / this.stepMs) * this.stepMs;
  }

  private current(): Bucket {
    const start = this.startOf(this.now());
    let b = this.buckets.get(start);
    if (!b) this.buckets.set(start, (b = { counts: new Map(), held: [], dropped: 0 }));
    return b;
  }

  private hold(line: string) {
    const b = this.current();
    if (b.held.length < MAX_HELD) b.held.push(line);
    else b.dropped += 1;
  }

  private flush(start: number, end: number, { counts, held, dropped }: Bucket) {
    if (counts.size === 0 && held.length === 0) return;
    const stamp = (fields: Record<string, unknown>) => {
      const { level, ...rest } = fields;
      return `${JSON.stringify({ level, time: end, ...rest, bucket: new Date(start).toISOString() })}\n`;
    };
    if (counts.size) {
      const requests = Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)));
      this.out(stamp({ level: 30, pid: process.pid, name: this.options.name, counts: requests, dropped: dropped || undefined, msg: 'reporter activity' }));
    }
    for (const line of held) {
      try {
        this.out(stamp(JSON.parse(line)));
      } catch {
        // pino writes JSON; a line that is not cannot be stamped and is dropped.
      }
    }
  }

  private readRounding() {
    const t = this.now();
    if (t - this.lastRoundingRead < 60_000) return;
    this.lastRoundingRead = t;
    this.options
      .roundingMinutes()
      .then((m) => {
        if (Number.isInteger(m) && m >= 1) this.stepMs = m * 60_000;
      })
      .catch(() => {});
  }
}
