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

  /** Told once, at the answer's first output (or its end): see `StreamRegistry.quiet`. */
  private onOutput: (() => void) | null;

  constructor(
    readonly userId: string,
    readonly messageId: string,
    options: { abort: AbortController; prefix?: string; onOutput?: () => void },
  ) {
    this.abort = options.abort;
    this.text = options.prefix ?? '';
    this.onOutput = options.onOutput ?? null;
  }

  push(event: TurnEvent): void {
    // Per token: once the first output is out, nothing more to look at.
    if (this.onOutput && OUTPUT_EVENTS.has(event.type)) this.outputStarted();
    this.events.push(event);
    if (event.type === 'delta') this.text += event.text;
    else if (event.type === 'done' || event.type === 'error') {
      this.finished = true;
      this.markEnded();
    }
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }

  /** The first output is out (or the answer is over without one); later calls do nothing. */
  outputStarted(): void {
    const told = this.onOutput;
    this.onOutput = null;
    told?.();
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

/** How long an answer counts as waiting for its first output at most (a local model's first load is slow). */
const OPENING_FORGOTTEN_MS = 60_000;

/** What ends an answer's wait for its first output: text, reasoning, a tool call, or its end. */
const OUTPUT_EVENTS = new Set<TurnEvent['type']>(['delta', 'reasoning', 'tool', 'done', 'error']);

/** The answers in flight in this process, by assistant message id, scoped by user. */
export class StreamRegistry {
  private readonly streams = new Map<string, ActiveStream>();
  /**
   * Answers started and not yet at their first output (someone is watching a spinner), with when
   * they started. One that never reports (a path that drops its stream) stops counting after a while.
   */
  private readonly opening = new Map<ActiveStream, number>();
  private readonly quietWaiters = new Set<() => void>();

  constructor(private readonly keepFinishedMs = 30_000) {}

  start(userId: string, messageId: string, prefix = ''): ActiveStream {
    const stream: ActiveStream = new ActiveStream(userId, messageId, { abort: new AbortController(), prefix, onOutput: () => this.opened(stream) });
    this.opening.set(stream, Date.now());
    this.streams.set(messageId, stream);
    return stream;
  }

  /**
   * Resolves once no answer is waiting for its first output, or after `maxWaitMs`. Background jobs
   * wait on it before they start: on the embedded store a job's queries run in the server's thread,
   * and one that starts while a turn is being prepared lands in front of that turn's first token.
   */
  quiet(maxWaitMs: number): Promise<void> {
    const now = Date.now();
    for (const [stream, at] of this.opening) if (now - at > OPENING_FORGOTTEN_MS) this.opening.delete(stream);
    if (this.opening.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.quietWaiters.delete(done);
        resolve();
      };
      // Never what keeps a stopping process alive.
      const timer = setTimeout(done, maxWaitMs).unref();
      this.quietWaiters.add(done);
    });
  }

  private opened(stream: ActiveStream): void {
    this.opening.delete(stream);
    // On the next turn of the event loop: the first output's own write (microtasks away) goes first.
    if (this.opening.size === 0 && this.quietWaiters.size > 0) setImmediate(() => this.wakeIfQuiet());
  }

  private wakeIfQuiet(): void {
    if (this.opening.size === 0) for (const wake of [...this.quietWaiters]) wake();
  }

  /** Keeps a finished stream briefly so a reconnecting client can still read its end. */
  finish(stream: ActiveStream): void {
    stream.outputStarted();
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
