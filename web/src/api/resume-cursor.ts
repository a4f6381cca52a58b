import type { ChatStreamEvent } from './chat-stream';
import { ApiError, NetworkError, StreamClosedError, isAbortError } from './errors';

/**
 * Where a reader of one answer's stream stands: enough to reconnect and receive only what follows.
 * Pure data, folded over the events with `advanceCursor`.
 *
 * @example
 * let cursor = initialCursor();
 * for await (const event of events) cursor = advanceCursor(cursor, event);
 * if (canResume(cursor)) api.followAnswer({ conversationId, messageId: cursor.messageId, lastEventId: cursor.lastEventId, signal });
 */
export interface ResumeCursor {
  /** The answer's id, once known: from `start`, or given when attaching to a running answer. */
  messageId: string | null;
  /** The last `id:` received, sent back as `Last-Event-ID`. Undefined until one arrives, and after a snapshot without one. */
  lastEventId: string | undefined;
  /** The whole answer as this reader knows it: a snapshot replaces it, a delta appends to it. */
  text: string;
  /** `done` or `error` arrived: the answer is settled and there is nothing to resume. */
  settled: boolean;
}

/** The waits before each reconnect attempt; when they run out, the connection is lost for good. */
export const RECONNECT_DELAYS_MS: readonly number[] = [500, 1000, 2000, 4000];

export function initialCursor(messageId: string | null = null): ResumeCursor {
  return { messageId, lastEventId: undefined, text: '', settled: false };
}

/** Folds one event into the cursor. */
export function advanceCursor(cursor: ResumeCursor, event: ChatStreamEvent): ResumeCursor {
  switch (event.type) {
    case 'start':
      // `start` has no id: the answer's own events are counted from the first delta.
      return { ...cursor, messageId: event.assistantMessage.id, text: event.assistantMessage.content };
    case 'snapshot':
      // A snapshot describes a new position: its id, or none (an answer read back from the database).
      return { ...cursor, text: event.text, lastEventId: event.id };
    case 'delta':
      return { ...cursor, text: cursor.text + event.text, lastEventId: event.id ?? cursor.lastEventId };
    case 'reasoning':
    case 'tool':
    case 'sources':
    case 'verification':
      return { ...cursor, lastEventId: event.id ?? cursor.lastEventId };
    case 'done':
      return { ...cursor, text: event.message.content, settled: true };
    case 'error':
      return { ...cursor, text: event.message?.content ?? cursor.text, settled: true };
  }
}

/** True when a dropped stream can be picked up again: the answer has an id and has not settled. */
export function canResume(cursor: ResumeCursor): cursor is ResumeCursor & { messageId: string } {
  return cursor.messageId !== null && !cursor.settled;
}

/** The wait before reconnect attempt `attempt` (0 for the first), or null when there are no attempts left. */
export function reconnectDelay(attempt: number, delays: readonly number[] = RECONNECT_DELAYS_MS): number | null {
  return attempt >= 0 && attempt < delays.length ? delays[attempt] : null;
}

/**
 * Whether a failure is worth reconnecting after: the connection broke (fetch failed, the body errored
 * or ended early) or the server is briefly unavailable. A refusal (4xx) or a broken protocol is final.
 */
export function isReconnectable(error: unknown): boolean {
  if (isAbortError(error)) return false;
  if (error instanceof NetworkError || error instanceof StreamClosedError) return true;
  if (error instanceof ApiError) return error.status >= 500 || error.status === 408 || error.status === 429;
  // Browsers report a body that breaks mid-read as a TypeError ("network error", "Load failed").
  return error instanceof TypeError;
}
