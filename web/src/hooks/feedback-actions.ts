import { api } from '../api/client';
import type { FeedbackRating, Message, MessageMetadata } from '../api/types';
import { isLocalId } from '../lib/format';
import { appStore, dispatch } from '../state/app-store';
import { reportError } from './report-error';

/** The latest request per message: an older answer arriving late must not undo a newer click. */
const latest = new Map<string, number>();
/** The metadata the server last confirmed, per message with a request in flight: what a failure goes back to. */
const confirmed = new Map<string, MessageMetadata | null>();
let sequence = 0;

/**
 * Rates an answer: shown at once, then saved; put back as it was (with a banner) if saving fails.
 * `rating: null` clears the rating; `reason` is a quick-reason chip or free text (thumbs down).
 */
export async function rateAnswer(messageId: string, rating: FeedbackRating | null, reason?: string): Promise<void> {
  const thread = appStore.getState().thread;
  const before = thread?.messages[messageId];
  if (!thread || !before || before.role !== 'assistant' || isLocalId(messageId)) return;
  const conversationId = thread.conversationId;
  const request = ++sequence;
  latest.set(messageId, request);
  if (!confirmed.has(messageId)) confirmed.set(messageId, before.metadata);

  dispatch({ type: 'message/updated', conversationId, message: withFeedback(before, rating, reason) });
  try {
    const body = reason?.trim() ? { rating, reason: reason.trim() } : { rating };
    const { message } = await api.rateAnswer({ conversationId, messageId, body });
    if (latest.has(messageId)) confirmed.set(messageId, message.metadata);
    if (latest.get(messageId) !== request) return;
    dispatch({ type: 'message/updated', conversationId, message: fromServer(message) });
  } catch (error) {
    if (latest.get(messageId) !== request) return;
    // Only the rating goes back: the rest of the row may have changed in the meantime.
    const now = current(messageId);
    if (now) dispatch({ type: 'message/updated', conversationId, message: { ...now, metadata: confirmed.get(messageId) ?? null } });
    reportError(error);
  } finally {
    if (latest.get(messageId) === request) {
      latest.delete(messageId);
      confirmed.delete(messageId);
    }
  }
}

function current(messageId: string): Message | undefined {
  return appStore.getState().thread?.messages[messageId];
}

function withFeedback(message: Message, rating: FeedbackRating | null, reason: string | undefined): Message {
  const feedback = rating ? { rating, reason: reason?.trim() || null, at: new Date().toISOString() } : null;
  return { ...message, metadata: { ...message.metadata, feedback } };
}

/** The server's copy, but only its metadata while this tab streams into the row (a continuation started meanwhile). */
function fromServer(server: Message): Message {
  const shown = current(server.id);
  const streaming = appStore.getState().stream?.assistantMessageId === server.id;
  return shown && streaming ? { ...shown, metadata: server.metadata } : server;
}
