import type { ChatStreamEvent } from '../api/chat-stream';
import { api } from '../api/client';
import { ApiError, errorMessage, isAbortError } from '../api/errors';
import { resumableChatStream } from '../api/resumable-stream';
import type { Message } from '../api/types';
import { createFrameBatcher } from '../lib/frame-batcher';
import { isLocalId } from '../lib/format';
import type { RetryIntent } from '../state/app-state';
import { appStore, dispatch } from '../state/app-store';
import { loadConversations, loadThread } from './conversation-actions';
import { reportError } from './report-error';

/**
 * One streamed answer, whatever started it: a send or a regeneration (optimistic `local-*` rows until
 * `start`), a continuation (an existing row that grows), or attaching to an answer already running.
 */
export interface Turn {
  conversationId: string;
  /** The optimistic user row of a send, replaced at `start`. */
  userRowId: string | null;
  /** The row the answer streams into: a placeholder until `start` names it, or an existing answer. */
  assistantRowId: string;
  /** The answer as it was before a continuation, put back if the server refuses to continue it. */
  original: Message | null;
  /** The answer already runs on the server (a reload mid-answer, a second tab): no `start` comes. */
  attached: boolean;
  open: (signal: AbortSignal) => Promise<AsyncIterable<ChatStreamEvent>>;
  /** What Retry does when the turn fails before the server accepted it. */
  retry: RetryIntent;
  /** Restores the composer text if the server refused the message. */
  draft: string | null;
}

interface ActiveTurn {
  turn: Turn;
  controller: AbortController;
  /** The server has named the answer (`start`, or attached): Stop can address it. */
  started: boolean;
  stopRequested: boolean;
  /** Dropped without stopping the answer (the user left an attached conversation). */
  detached: boolean;
}

/** The turn in flight. One at a time, as in every chat UI. */
let active: ActiveTurn | null = null;

/**
 * Streams one answer into the store: deltas batched per animation frame, a dropped connection picked
 * up again with `Last-Event-ID` (see `resumableChatStream`), and every way it can end shown.
 */
export async function runTurn(turn: Turn): Promise<void> {
  const controller = new AbortController();
  const current: ActiveTurn = { turn, controller, started: turn.attached, stopRequested: false, detached: false };
  active = current;
  const { conversationId } = turn;
  let assistantId = turn.assistantRowId;
  let settled = false;
  const batcher = createFrameBatcher((text) => {
    if (!current.detached) dispatch({ type: 'stream/delta', conversationId, messageId: assistantId, text });
  });
  const thinking = createFrameBatcher((text) => {
    if (!current.detached) dispatch({ type: 'stream/reasoning', conversationId, messageId: assistantId, text });
  });
  const events = resumableChatStream({
    open: turn.open,
    resume: (request) => api.followAnswer({ conversationId, ...request }),
    messageId: turn.attached ? turn.assistantRowId : undefined,
    signal: controller.signal,
  });

  try {
    for await (const event of events) {
      switch (event.type) {
        case 'start':
          batcher.flush();
          dispatch({
            type: 'stream/started',
            conversationId,
            localUserId: turn.userRowId,
            localAssistantId: turn.assistantRowId,
            userMessage: event.userMessage,
            assistantMessage: event.assistantMessage,
          });
          assistantId = event.assistantMessage.id;
          current.started = true;
          if (current.stopRequested) void stopOnServer(current, assistantId);
          break;
        case 'snapshot':
          batcher.cancel();
          dispatch({ type: 'stream/snapshot', conversationId, messageId: assistantId, text: event.text });
          break;
        case 'delta':
          thinking.flush();
          batcher.push(event.text);
          break;
        case 'reasoning':
          thinking.push(event.text);
          break;
        case 'tool':
          batcher.flush();
          dispatch({ type: 'stream/tool', conversationId, messageId: assistantId, call: event.call });
          break;
        case 'sources':
          batcher.flush();
          dispatch({ type: 'stream/sources', conversationId, messageId: assistantId, sources: event.sources });
          break;
        case 'verification':
          batcher.flush();
          dispatch({ type: 'stream/verification', conversationId, messageId: assistantId, verification: event.verification });
          break;
        case 'reconnecting':
          batcher.flush();
          dispatch({ type: 'stream/reconnecting', reconnecting: true });
          break;
        case 'reconnected':
          dispatch({ type: 'stream/reconnecting', reconnecting: false });
          break;
        case 'done':
          thinking.flush();
          batcher.flush();
          dispatch({ type: 'stream/finished', conversationId, message: event.message });
          dispatch({ type: 'conversation/upserted', conversation: event.conversation });
          settled = true;
          void refreshTitles(event.conversation.title);
          break;
        case 'error': {
          batcher.flush();
          const failedId = event.message?.id ?? (current.started ? assistantId : null);
          if (failedId) {
            dispatch({ type: 'stream/failed', conversationId, messageId: failedId, status: 'failed', error: event.error, message: event.message });
          }
          dispatch({
            type: 'banner/shown',
            banner: {
              kind: 'model',
              message: event.error.message,
              messageId: failedId,
              retry: failedId ? { type: 'regenerate', conversationId, messageId: failedId } : turn.retry,
            },
          });
          settled = true;
          void loadConversations();
          break;
        }
      }
    }
    if (!settled) throw new Error('The answer stopped before it was complete (the connection closed early).');
  } catch (error) {
    if (current.detached) return;
    batcher.flush();
    if (isAbortError(error) || controller.signal.aborted) {
      if (current.started) dispatch({ type: 'stream/failed', conversationId, messageId: assistantId, status: 'stopped', error: null, message: null });
      else dispatch({ type: 'stream/aborted', conversationId, localIds: localRows(turn), restore: turn.original });
    } else if (!current.started) {
      // The server refused or never answered: nothing was saved, so put the text (or the answer) back.
      dispatch({ type: 'stream/aborted', conversationId, localIds: localRows(turn), restore: turn.original });
      if (turn.draft && !appStore.getState().ui.draft) dispatch({ type: 'ui/draft', draft: turn.draft });
      reportError(error, turn.retry);
      // Already being written (another tab continued it first): show it, and the thread attaches to it.
      if (error instanceof ApiError && error.status === 409) void loadThread(conversationId, { quiet: true });
    } else {
      // Reconnecting failed for good.
      dispatch({
        type: 'stream/failed',
        conversationId,
        messageId: assistantId,
        status: 'interrupted',
        error: { message: errorMessage(error), code: 'interrupted' },
        message: null,
      });
      if (!(error instanceof ApiError && error.unauthorized)) {
        dispatch({
          type: 'banner/shown',
          banner: {
            kind: 'network',
            message: `Connection lost: ${errorMessage(error)}`,
            messageId: assistantId,
            retry: { type: 'regenerate', conversationId, messageId: assistantId },
          },
        });
      } else reportError(error);
    }
  } finally {
    batcher.cancel();
    if (active === current) {
      active = null;
      dispatch({ type: 'stream/ended' });
    }
  }
}

/** Stops the answer in flight: tells the server (which keeps the text so far) and drops the connection. */
export async function stopStreaming(): Promise<void> {
  const stream = appStore.getState().stream;
  const turn = active;
  if (!turn || !stream || stream.phase === 'stopping') return;
  dispatch({ type: 'stream/stopping' });
  if (!turn.started) {
    // The server has not named the answer yet: stop as soon as `start` arrives, or give up waiting.
    turn.stopRequested = true;
    setTimeout(() => turn.controller.abort(), 3000);
    return;
  }
  await stopOnServer(turn, stream.assistantMessageId);
}

/**
 * Lets go of an attached answer when the user opens another conversation: the answer keeps running
 * on the server, and coming back attaches again. The user's own turns keep streaming in the background.
 */
export function detachUnlessShown(conversationId: string | null): void {
  const turn = active;
  if (!turn || !turn.turn.attached || turn.turn.conversationId === conversationId) return;
  turn.detached = true;
  turn.controller.abort();
  active = null;
  dispatch({ type: 'stream/ended' });
}

async function stopOnServer(turn: ActiveTurn, messageId: string): Promise<void> {
  const { conversationId } = turn.turn;
  const request = api.stop(conversationId, messageId);
  turn.controller.abort();
  try {
    await request;
  } catch (error) {
    // Already finished on the server: nothing to stop.
    if (!(error instanceof ApiError && (error.status === 404 || error.status === 409))) reportError(error);
  }
  if (appStore.getState().activeConversationId === conversationId) await loadThread(conversationId, { quiet: true });
}

function localRows(turn: Turn): string[] {
  return [turn.assistantRowId, turn.userRowId].filter((id): id is string => id !== null && isLocalId(id));
}

/** The server titles a conversation after its first turn, maybe in the background: refresh the list, and once more later. */
async function refreshTitles(title: string): Promise<void> {
  await loadConversations();
  if (!title.trim()) setTimeout(() => void loadConversations(), 2500);
}
