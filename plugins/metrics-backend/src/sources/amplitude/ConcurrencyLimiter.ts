/**
 * Runs at most `max` tasks at once; the rest wait in FIFO order.
 *
 * Hand-written rather than `p-limit`: the repo's `p-limit` is only a transitive
 * dependency (newer majors are ESM-only), and this is a dozen lines.
 */
export class ConcurrencyLimiter {
  readonly #max: number;
  #active = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(max: number) {
    if (!Number.isInteger(max) || max < 1) {
      throw new RangeError(
        `Concurrency must be a whole number >= 1, got ${max}`,
      );
    }
    this.#max = max;
  }

  /** Tasks running now. */
  get active(): number {
    return this.#active;
  }

  /** Tasks waiting for a slot. */
  get pending(): number {
    return this.#waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.#acquire();
    try {
      return await task();
    } finally {
      this.#release();
    }
  }

  #acquire(): Promise<void> {
    if (this.#active < this.#max) {
      this.#active += 1;
      return Promise.resolve();
    }
    return new Promise(resolve => this.#waiting.push(resolve));
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next) {
      next(); // the slot passes straight to the next task
    } else {
      this.#active -= 1;
    }
  }
}
