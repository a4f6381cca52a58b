import type { TurnEvent } from './types.js';

/**
 * One answer being generated. It runs independently of any HTTP connection: clients subscribe and
 * read the events from any index, so a dropped connection does not stop the answer, and a late
 * subscriber sees everything from the start.
 */
export class ActiveStream {
  readonly events: TurnEvent[] = [];
  /** The whole answer so far (a continued answer starts with its earlier text). */
  text: string;
  private waiters = new Set<() => void>();
  private finished = false;
  private markEnded!: () => void;
  /** Settles once the answer's last event (`done` or `error`) is pushed, i.e. once it is stored. */
  readonly ended = new Promise<void>((resolve) => (this.markEnded = resolve));

  readonly abort: AbortController;

  constructor(
    readonly userId: string,
    readonly messageId: string,
    options: { abort: AbortController; prefix?: string },
  ) {
    this.abort = options.abort;
    this.text = options.prefix ?? '';
  }

  push(event: TurnEvent): void {
    this.events.push(event);
    if (event.type === 'delta') this.text += event.text;
    else if (event.type === 'done' || event.type === 'error') {
      this.finished = true;
      this.markEnded();
    }
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }

  get done(): boolean {
    return this.finished;
  }

  /** Yields batches of events from `from` on; a batch holds everything that arrived since the last read. */
  async *read(from = 0, signal?: AbortSignal): AsyncGenerator<{ index: number; event: TurnEvent }[]> {
    let cursor = from;
    let wakeCurrent: (() => void) | null = null;
    // One listener for the whole read, not one per wait: long answers wait thousands of times.
    const onAbort = () => wakeCurrent?.();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      while (!signal?.aborted) {
        if (cursor < this.events.length) {
          const batch = this.events.slice(cursor).map((event, i) => ({ index: cursor + i, event }));
          cursor = this.events.length;
          yield batch;
          continue;
        }
        if (this.finished) return;
        await new Promise<void>((resolve) => {
          wakeCurrent = resolve;
          this.waiters.add(resolve);
        });
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }
}

/** The answers in flight in this process, by assistant message id, scoped by user. */
export class StreamRegistry {
  private readonly streams = new Map<string, ActiveStream>();

  constructor(private readonly keepFinishedMs = 30_000) {}

  start(userId: string, messageId: string, prefix = ''): ActiveStream {
    const stream = new ActiveStream(userId, messageId, { abort: new AbortController(), prefix });
    this.streams.set(messageId, stream);
    return stream;
  }

  /** Keeps a finished stream briefly so a reconnecting client can still read its end. */
  finish(stream: ActiveStream): void {
    setTimeout(() => {
      if (this.streams.get(stream.messageId) === stream) this.streams.delete(stream.messageId);
    }, this.keepFinishedMs).unref();
  }

  get(userId: string, messageId: string): ActiveStream | null {
    const stream = this.streams.get(messageId);
    return stream && stream.userId === userId ? stream : null;
  }

  /** Aborts every running answer (shutdown). */
  abortAll(reason: string): void {
    for (const stream of this.streams.values()) if (!stream.done) stream.abort.abort(new Error(reason));
  }

  get size(): number {
    return this.streams.size;
  }
}
