import type { ChatStreamEvent } from '../api/chat-stream';
import { api } from '../api/client';
import { ApiError, errorMessage, isAbortError } from '../api/errors';
import type { Message } from '../api/types';
import { createFrameBatcher } from '../lib/frame-batcher';
import { isLocalId, localId } from '../lib/format';
import type { RetryIntent } from '../state/app-state';
import { appStore, dispatch } from '../state/app-store';
import { newestLeafUnder, siblingsOf } from '../state/message-tree';
import { selectCurrentModel } from '../state/selectors';
import { loadConversations, loadThread } from './conversation-actions';
import { reportError } from './report-error';
import { navigateTo } from './router';

interface Turn {
  conversationId: string;
  localUserId: string | null;
  localAssistantId: string;
  open: (signal: AbortSignal) => Promise<AsyncGenerator<ChatStreamEvent>>;
  /** What Retry does when the turn fails before the server accepted it. */
  retry: RetryIntent;
  /** Restores the composer text if the server refused the message. */
  draft: string | null;
}

/** The turn in flight. One at a time, as in every chat UI. */
let active: { controller: AbortController; stopRequested: boolean; turn: Turn } | null = null;

/**
 * Sends a user message. Starts a conversation first on the new-chat page.
 * `parentId` creates a branch (edit); omitted, the message continues the visible thread.
 */
export async function sendMessage(content: string, options: { parentId?: string | null } = {}): Promise<void> {
  const text = content.trim();
  const state = appStore.getState();
  if (!text || state.stream) return;
  const model = selectCurrentModel(state) ?? undefined;
  if (options.parentId === undefined) dispatch({ type: 'ui/draft', draft: '' });

  let conversationId = state.activeConversationId;
  if (!conversationId) {
    try {
      const { conversation } = await api.createConversation({ model });
      conversationId = conversation.id;
      navigateTo(conversation.id);
      dispatch({ type: 'thread/loaded', conversation, messages: [] });
      dispatch({ type: 'conversation/upserted', conversation });
    } catch (error) {
      dispatch({ type: 'ui/draft', draft: text });
      reportError(error, { type: 'resend', conversationId: null, content: text, parentId: undefined });
      return;
    }
  }

  const thread = appStore.getState().thread;
  if (!thread || thread.conversationId !== conversationId) return;
  const now = new Date().toISOString();
  const userMessage: Message = {
    id: localId('user'),
    conversationId,
    parentId: options.parentId === undefined ? thread.currentLeafId : options.parentId,
    role: 'user',
    content: text,
    status: 'complete',
    model: null,
    error: null,
    usage: null,
    createdAt: now,
    updatedAt: now,
  };
  const assistantMessage = placeholder({ conversationId, parentId: userMessage.id, model: model ?? null });
  dispatch({ type: 'stream/pending', conversationId, userMessage, assistantMessage });
  dispatch({ type: 'ui/focus-composer' });

  const body = { content: text, model, ...(options.parentId === undefined ? {} : { parentId: options.parentId }) };
  const id = conversationId;
  await runTurn({
    conversationId: id,
    localUserId: userMessage.id,
    localAssistantId: assistantMessage.id,
    open: (signal) => api.sendMessage({ conversationId: id, body, signal }),
    retry: { type: 'resend', conversationId: id, content: text, parentId: options.parentId },
    draft: options.parentId === undefined ? text : null,
  });
}

/** Asks for a new answer: a sibling of an assistant message, or an answer to a user message. */
export async function regenerate(messageId: string): Promise<void> {
  const state = appStore.getState();
  const thread = state.thread;
  const message = thread?.messages[messageId];
  if (!thread || !message || state.stream) return;
  const conversationId = thread.conversationId;
  const model = selectCurrentModel(state) ?? undefined;
  const parentId = message.role === 'assistant' ? message.parentId : message.id;
  const assistantMessage = placeholder({ conversationId, parentId, model: model ?? null });
  dispatch({ type: 'stream/pending', conversationId, userMessage: null, assistantMessage });

  await runTurn({
    conversationId,
    localUserId: null,
    localAssistantId: assistantMessage.id,
    open: (signal) => api.regenerate({ conversationId, messageId, model, signal }),
    retry: { type: 'regenerate', conversationId, messageId },
    draft: null,
  });
}

/** Stops the turn in flight: tells the server (which keeps the text so far) and drops the connection. */
export async function stopStreaming(): Promise<void> {
  const stream = appStore.getState().stream;
  if (!active || !stream || stream.phase === 'stopping') return;
  dispatch({ type: 'stream/stopping' });
  const turn = active;
  if (isLocalId(stream.assistantMessageId)) {
    // The server has not named the message yet: stop as soon as `start` arrives, or give up waiting.
    turn.stopRequested = true;
    setTimeout(() => turn.controller.abort(), 3000);
    return;
  }
  await stopOnServer(turn, stream.conversationId, stream.assistantMessageId);
}

async function stopOnServer(
  turn: NonNullable<typeof active>,
  conversationId: string,
  messageId: string,
): Promise<void> {
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

/** Shows the sibling before (-1) or after (+1) a message, with the newest leaf under it. */
export async function switchBranch(messageId: string, step: -1 | 1): Promise<void> {
  const state = appStore.getState();
  const thread = state.thread;
  if (!thread || state.stream) return;
  const siblings = siblingsOf(thread, messageId);
  const target = siblings[siblings.indexOf(messageId) + step];
  if (!target) return;
  const leafId = newestLeafUnder(thread, target);
  const previous = thread.currentLeafId;
  const conversationId = thread.conversationId;
  dispatch({ type: 'thread/leaf', conversationId, leafId });
  try {
    const { conversation } = await api.updateConversation(conversationId, { currentLeafId: leafId });
    dispatch({ type: 'conversation/upserted', conversation });
  } catch (error) {
    if (previous) dispatch({ type: 'thread/leaf', conversationId, leafId: previous });
    reportError(error);
  }
}

/** Runs what a banner's Retry button stands for. */
export async function retry(intent: RetryIntent): Promise<void> {
  dispatch({ type: 'banner/dismissed' });
  switch (intent.type) {
    case 'regenerate':
      return regenerate(intent.messageId);
    case 'resend':
      if (intent.conversationId !== appStore.getState().activeConversationId) return;
      if (intent.parentId === undefined) dispatch({ type: 'ui/draft', draft: '' });
      return sendMessage(intent.content, { parentId: intent.parentId });
    case 'reload':
      if (intent.conversationId) return loadThread(intent.conversationId);
      window.location.reload();
      return;
  }
}

async function runTurn(turn: Turn): Promise<void> {
  const controller = new AbortController();
  const current = { controller, stopRequested: false, turn };
  active = current;
  const { conversationId } = turn;
  let assistantId = turn.localAssistantId;
  let started = false;
  let settled = false;
  const batcher = createFrameBatcher((text) => dispatch({ type: 'stream/delta', conversationId, messageId: assistantId, text }));

  try {
    const events = await turn.open(controller.signal);
    for await (const event of events) {
      switch (event.type) {
        case 'start':
          batcher.flush();
          dispatch({
            type: 'stream/started',
            conversationId,
            localUserId: turn.localUserId,
            localAssistantId: turn.localAssistantId,
            userMessage: event.userMessage,
            assistantMessage: event.assistantMessage,
          });
          assistantId = event.assistantMessage.id;
          started = true;
          if (current.stopRequested) void stopOnServer(current, conversationId, assistantId);
          break;
        case 'delta':
          batcher.push(event.text);
          break;
        case 'done':
          batcher.flush();
          dispatch({ type: 'stream/finished', conversationId, message: event.message });
          dispatch({ type: 'conversation/upserted', conversation: event.conversation });
          settled = true;
          void refreshTitles(event.conversation.title);
          break;
        case 'error': {
          batcher.flush();
          const failedId = event.message?.id ?? (started ? assistantId : null);
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
    batcher.flush();
    if (isAbortError(error) || controller.signal.aborted) {
      if (started) dispatch({ type: 'stream/failed', conversationId, messageId: assistantId, status: 'stopped', error: null, message: null });
      else dispatch({ type: 'stream/aborted', conversationId, localIds: [turn.localAssistantId, ...(turn.localUserId ? [turn.localUserId] : [])] });
    } else if (!started) {
      // The server refused or never answered: nothing was saved, so put the text back.
      dispatch({ type: 'stream/aborted', conversationId, localIds: [turn.localAssistantId, ...(turn.localUserId ? [turn.localUserId] : [])] });
      if (turn.draft && !appStore.getState().ui.draft) dispatch({ type: 'ui/draft', draft: turn.draft });
      reportError(error, turn.retry);
    } else {
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
    if (active === current) active = null;
    dispatch({ type: 'stream/ended' });
  }
}

function placeholder(options: { conversationId: string; parentId: string | null; model: string | null }): Message {
  const now = new Date().toISOString();
  return {
    id: localId('assistant'),
    conversationId: options.conversationId,
    parentId: options.parentId,
    role: 'assistant',
    content: '',
    status: 'streaming',
    model: options.model,
    error: null,
    usage: null,
    createdAt: now,
    updatedAt: now,
  };
}

/** The server titles a conversation after its first turn, maybe in the background: refresh the list, and once more later. */
async function refreshTitles(title: string): Promise<void> {
  await loadConversations();
  if (!title.trim()) setTimeout(() => void loadConversations(), 2500);
}
