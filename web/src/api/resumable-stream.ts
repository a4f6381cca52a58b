import type { ChatStreamEvent } from './chat-stream';
import { StreamClosedError, isAbortError } from './errors';
import { advanceCursor, canResume, initialCursor, isReconnectable, reconnectDelay, RECONNECT_DELAYS_MS } from './resume-cursor';

/** A chat stream's events, plus what the reconnection does so the UI can say so. */
export type ResumableStreamEvent =
  | ChatStreamEvent
  /** The connection dropped; the next attempt starts after `delayMs`. */
  | { type: 'reconnecting'; attempt: number; delayMs: number; cause: unknown }
  /** A reconnect was answered: events flow again from where they stopped. */
  | { type: 'reconnected' };

export interface ResumableStreamOptions {
  /** Opens the stream: the POST of a send, regenerate or continue, or the first follow when attaching. */
  open: (signal: AbortSignal) => Promise<AsyncIterable<ChatStreamEvent>>;
  /** Opens the answer's stream again after a drop (`GET .../stream` with `Last-Event-ID`). */
  resume: (request: { messageId: string; lastEventId: string | undefined; signal: AbortSignal }) => Promise<AsyncIterable<ChatStreamEvent>>;
  signal: AbortSignal;
  /** The answer's id when it is known before `start` (attaching to a running answer). */
  messageId?: string;
  delaysMs?: readonly number[];
  /** Waits between attempts; rejects when `signal` aborts. Replaceable in tests. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/**
 * Wraps a chat stream so a dropped connection is picked up again: once the answer has an id, a
 * failure of the connection reconnects with `Last-Event-ID` after each delay in turn (the attempts
 * start over whenever events flow again), so the reader gets every event once. Throws the last
 * failure when the attempts run out, and at once when the failure is not the connection's (a 4xx,
 * a broken protocol) or the answer cannot be resumed (no `start` yet).
 *
 * @example
 * for await (const event of resumableChatStream({ open, resume, signal })) render(event);
 */
export async function* resumableChatStream(options: ResumableStreamOptions): AsyncGenerator<ResumableStreamEvent> {
  const { signal } = options;
  const delays = options.delaysMs ?? RECONNECT_DELAYS_MS;
  const sleep = options.sleep ?? abortableSleep;
  let cursor = initialCursor(options.messageId ?? null);
  let attempt = 0;
  let reconnecting = false;

  for (;;) {
    let failure: unknown;
    try {
      const events = reconnecting
        ? await options.resume({ messageId: cursor.messageId as string, lastEventId: cursor.lastEventId, signal })
        : await options.open(signal);
      if (reconnecting) yield { type: 'reconnected' };
      for await (const event of events) {
        cursor = advanceCursor(cursor, event);
        attempt = 0;
        yield event;
        if (cursor.settled) return;
      }
      failure = new StreamClosedError();
    } catch (error) {
      if (signal.aborted || isAbortError(error)) throw error;
      failure = error;
    }
    const delay = canResume(cursor) && isReconnectable(failure) ? reconnectDelay(attempt, delays) : null;
    if (delay === null) throw failure;
    attempt += 1;
    yield { type: 'reconnecting', attempt, delayMs: delay, cause: failure };
    await sleep(delay, signal);
    reconnecting = true;
  }
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
