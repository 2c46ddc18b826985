/**
 * At most `size` queries in flight on one instance; the others wait in order, each until its
 * own deadline. Hand-written because p-limit (used elsewhere) cannot give up on a waiting
 * task: a query that waited too long must fail as "busy" rather than run late.
 */
export class QuerySlots {
  #inFlight = 0;
  readonly #waiting: Array<{
    grant: () => void;
    timer: ReturnType<typeof setTimeout>;
  }> = [];

  constructor(readonly size: number) {}

  get inFlight(): number {
    return this.#inFlight;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  /**
   * Resolves with a release function once a slot is free; rejects with `onTimeout()` when
   * none came free within `waitMs`.
   */
  acquire(waitMs: number, onTimeout: () => Error): Promise<() => void> {
    if (this.#inFlight < this.size) {
      this.#inFlight += 1;
      return Promise.resolve(this.#releaser());
    }
    return new Promise((resolve, reject) => {
      const entry = {
        grant: () => {
          clearTimeout(entry.timer);
          resolve(this.#releaser());
        },
        timer: setTimeout(
          () => {
            const at = this.#waiting.indexOf(entry);
            if (at >= 0) this.#waiting.splice(at, 1);
            reject(onTimeout());
          },
          Math.max(0, waitMs),
        ),
      };
      this.#waiting.push(entry);
    });
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      // The slot passes straight to the next query; in-flight stays the same.
      if (next) next.grant();
      else this.#inFlight -= 1;
    };
  }
}
