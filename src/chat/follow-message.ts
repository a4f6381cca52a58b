import type { ConversationStore } from './conversation-store.js';
import type { ActiveStream } from './stream-registry.js';
import type { Message, TurnEvent } from './types.js';

/** What a reconnecting client receives: the text so far, then the same events a live client gets. */
export type FollowEvent = { type: 'snapshot'; text: string; index: number | null } | { type: 'event'; index: number | null; event: TurnEvent };

/**
 * Follows an answer for a client that reconnects (reload, second tab, dropped network).
 * Live in this process: replay from the registry after `lastEventId` (or a snapshot of the text so
 * far when the client has none), without running the model again. Otherwise the database is the
 * source: a finished message comes whole, and one still streaming on another instance is polled.
 */
export async function* followMessage(options: {
  userId: string;
  live: ActiveStream | null;
  store: ConversationStore;
  message: Message;
  lastEventId: number | null;
  signal: AbortSignal;
  pollMs?: number;
}): AsyncGenerator<FollowEvent> {
  const { live, signal } = options;
  // A finished answer without a position to resume from is complete in the store.
  if (live && !(live.done && options.lastEventId === null)) {
    let from = 0;
    if (options.lastEventId !== null && options.lastEventId < live.events.length) {
      from = options.lastEventId + 1;
    } else {
      // Read text and position in the same tick: they describe the same moment of the stream.
      from = live.events.length;
      yield { type: 'snapshot', text: live.text, index: from - 1 };
    }
    for await (const batch of live.read(from, signal)) for (const { index, event } of batch) yield { type: 'event', index, event };
    return;
  }
  yield* followStored(options);
}

async function* followStored(options: { userId: string; store: ConversationStore; message: Message; signal: AbortSignal; pollMs?: number }): AsyncGenerator<FollowEvent> {
  const { store, signal, userId } = options;
  let message: Message | null = options.message;
  let sent = '';
  while (message && !signal.aborted) {
    if (message.content.length > sent.length) {
      if (sent === '') yield { type: 'snapshot', text: message.content, index: null };
      else yield { type: 'event', index: null, event: { type: 'delta', text: message.content.slice(sent.length) } };
      sent = message.content;
    }
    if (message.status !== 'streaming') {
      const conversation = await store.get(userId, message.conversationId);
      const terminal: TurnEvent =
        message.status === 'failed' || message.status === 'interrupted'
          ? { type: 'error', message, error: message.error ?? { message: 'The answer did not finish.', code: message.status } }
          : { type: 'done', message, conversation: conversation! };
      yield { type: 'event', index: null, event: terminal };
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 300));
    message = await store.message(userId, message.conversationId, message.id);
  }
}
