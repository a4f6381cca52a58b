/** Returned by acquire(); call once when the generation is over. Extra calls are ignored. */
export type ReleaseSlot = () => void;

interface Waiter {
  grant: (release: ReleaseSlot) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/**
 * A FIFO semaphore: at most `maxConcurrent` generations run per model, the rest wait in arrival order.
 * A waiter whose signal aborts leaves the queue and its promise rejects with the signal's reason.
 */
export class GenerationQueue {
  readonly maxConcurrent: number;
  #active = 0;
  readonly #waiters: Waiter[] = [];

  constructor(maxConcurrent: number) {
    if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) throw new RangeError(`maxConcurrent must be a positive integer, got ${maxConcurrent}`);
    this.maxConcurrent = maxConcurrent;
  }

  /** Generations currently holding a slot. */
  get active(): number {
    return this.#active;
  }

  /** Generations waiting for a slot. */
  get waiting(): number {
    return this.#waiters.length;
  }

  /** Resolves with a release function once a slot is free. */
  acquire(signal?: AbortSignal): Promise<ReleaseSlot> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#active < this.maxConcurrent) {
      this.#active++;
      return Promise.resolve(this.#releaser());
    }
    return new Promise<ReleaseSlot>((resolve, reject) => {
      const waiter: Waiter = {
        grant: resolve,
        signal,
        onAbort: () => {
          const index = this.#waiters.indexOf(waiter);
          if (index >= 0) this.#waiters.splice(index, 1);
          reject(signal?.reason);
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.#waiters.push(waiter);
    });
  }

  #releaser(): ReleaseSlot {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiters.shift();
      if (!next) {
        this.#active--;
        return;
      }
      // The slot passes straight to the next waiter, so a newcomer cannot overtake it.
      next.signal?.removeEventListener('abort', next.onAbort);
      next.grant(this.#releaser());
    };
  }
}
