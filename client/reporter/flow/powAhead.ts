/**
 * A proof of work started before it is needed: the submission's while the reporter is still
 * writing, the status check's while the code is typed. Started at the latest with the click, it
 * runs in its Web Worker while the page derives keys and seals, so the two overlap. At Tor
 * Browser's "Safer" level (no JIT) the work takes seconds, so the wait after the click is shorter.
 * The challenge is single-use and expires (POW_TTL_SECONDS, 5 minutes by default): a solution
 * is used at most once, and one too close to its expiry is dropped for a fresh one. The server
 * sees one challenge request per report or check, as before, only earlier (docs/reporter.md).
 */
import type { Pow } from './api';
import { solvedChallenge } from './pow';

/** A solution must stay valid at least this long after it is taken (sealing and sending take time). */
const MIN_VALIDITY_MS = 60_000;

type Pending = { fraction: number; solution: Promise<{ pow: Pow; expiresAt: number }> };

export class PowAhead {
  constructor(private readonly purpose: 'submit' | 'status') {}

  private pending: Pending | null = null;
  private listener: ((fraction: number) => void) | null = null;

  /** Starts solving a challenge in the background, unless one is already under way or ready. */
  start(): void {
    if (this.pending) return;
    const pending = { fraction: 0 } as Pending;
    pending.solution = solvedChallenge(this.purpose, (f) => {
      pending.fraction = f;
      this.listener?.(f);
    });
    pending.solution.catch(() => {
      if (this.pending === pending) this.pending = null; // a failed attempt is simply tried again at send time
    });
    this.pending = pending;
  }

  /** The solution to send now: the one solved ahead if it is still good, else a fresh one. Each solution is handed out once. */
  async take(onProgress: (fraction: number) => void): Promise<Pow> {
    const pending = this.pending;
    this.pending = null;
    if (pending) {
      this.listener = onProgress;
      onProgress(pending.fraction);
      try {
        const { pow, expiresAt } = await pending.solution;
        if (expiresAt - Date.now() > MIN_VALIDITY_MS) return pow;
      } catch {
        // fall through to a fresh challenge
      } finally {
        this.listener = null;
      }
    }
    return (await solvedChallenge(this.purpose, onProgress)).pow;
  }
}
