/**
 * A small semaphore around the no-JavaScript path's case-secret derivations (Argon2id, ~0.1–0.3 s
 * of CPU and 64 MiB each). It never queues: when every slot is taken the caller answers "busy,
 * try again later" at once, so a flood cannot pile up work or memory behind the bound.
 */
export class DerivationGate {
  private inUse = 0;

  constructor(readonly slots: number) {}

  /** Runs `work` in a slot, or returns `undefined` at once if every slot is taken. */
  async tryRun<T>(work: () => Promise<T>): Promise<{ value: T } | undefined> {
    if (this.inUse >= this.slots) return undefined;
    this.inUse += 1;
    try {
      return { value: await work() };
    } finally {
      this.inUse -= 1;
    }
  }

  /** Slots taken now (for tests and the docs' reasoning). */
  get busy(): number {
    return this.inUse;
  }
}
