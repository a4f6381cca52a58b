import { api } from '../api/client';
import type { Message } from '../api/types';
import { isLocalId, localId } from '../lib/format';
import type { RetryIntent } from '../state/app-state';
import { appStore, dispatch } from '../state/app-store';
import { newestLeafUnder, siblingsOf } from '../state/message-tree';
import { canContinue, selectCurrentModel } from '../state/selectors';
import { loadThread } from './conversation-actions';
import { reportError } from './report-error';
import { navigateTo } from './router';
import { runTurn } from './run-turn';

export { stopStreaming } from './run-turn';

/**
 * Starts a conversation and shows it (the new-chat page's first message or first attached file, or
 * a project page's new chat). Resolves its id; throws what the server said.
 */
export async function createConversation(options: { projectId?: string } = {}): Promise<string> {
  const state = appStore.getState();
  const model = selectCurrentModel(state) ?? undefined;
  const temporary = !options.projectId && state.ui.temporary;
  const { conversation } = await api.createConversation({
    model,
    ...(temporary ? { temporary } : {}),
    ...(options.projectId ? { projectId: options.projectId } : {}),
  });
  navigateTo(conversation.id);
  dispatch({ type: 'thread/loaded', conversation, messages: [] });
  dispatch({ type: 'conversation/upserted', conversation });
  return conversation.id;
}

/**
 * Sends a user message. Starts a conversation first on the new-chat page, or in the project given
 * by `projectId` (a project page's composer). `parentId` creates a branch (edit); omitted, the
 * message continues the visible thread.
 */
export async function sendMessage(content: string, options: { parentId?: string | null; projectId?: string } = {}): Promise<void> {
  const text = content.trim();
  const state = appStore.getState();
  if (!text || state.stream) return;
  const model = selectCurrentModel(state) ?? undefined;
  if (options.parentId === undefined) dispatch({ type: 'ui/draft', draft: '' });

  let conversationId = options.projectId ? null : state.activeConversationId;
  if (!conversationId) {
    try {
      conversationId = await createConversation({ projectId: options.projectId });
    } catch (error) {
      dispatch({ type: 'ui/draft', draft: text });
      // Retrying from the project page sends it there again; elsewhere the new-chat page's resend.
      reportError(error, options.projectId ? null : { type: 'resend', conversationId: null, content: text, parentId: undefined });
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
    metadata: null,
    createdAt: now,
    updatedAt: now,
  };
  const assistantMessage = placeholder({ conversationId, parentId: userMessage.id, model: model ?? null });
  dispatch({ type: 'stream/pending', conversationId, userMessage, assistantMessage });
  dispatch({ type: 'ui/focus-composer' });

  const reasoning = appStore.getState().ui.thinkHarder ? ('high' as const) : undefined;
  const body = { content: text, model, reasoning, ...(options.parentId === undefined ? {} : { parentId: options.parentId }) };
  const id = conversationId;
  await runTurn({
    conversationId: id,
    userRowId: userMessage.id,
    assistantRowId: assistantMessage.id,
    original: null,
    attached: false,
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
    userRowId: null,
    assistantRowId: assistantMessage.id,
    original: null,
    attached: false,
    // A regenerated answer thinks as hard as the composer's switch says now.
    open: (signal) => api.regenerate({ conversationId, messageId, model, reasoning: state.ui.thinkHarder ? 'high' : undefined, signal }),
    retry: { type: 'regenerate', conversationId, messageId },
    draft: null,
  });
}

/** Continues an interrupted, failed or stopped answer from its text so far: the same row grows, no new branch. */
export async function continueAnswer(messageId: string): Promise<void> {
  const state = appStore.getState();
  const thread = state.thread;
  const message = thread?.messages[messageId];
  if (!thread || !message || state.stream || isLocalId(messageId) || !canContinue(message)) return;
  const conversationId = thread.conversationId;
  dispatch({ type: 'stream/pending', conversationId, userMessage: null, assistantMessage: { ...message, status: 'streaming', error: null } });

  await runTurn({
    conversationId,
    userRowId: null,
    assistantRowId: messageId,
    original: message,
    attached: false,
    open: (signal) => api.continueAnswer({ conversationId, messageId, signal }),
    retry: { type: 'continue', conversationId, messageId },
    draft: null,
  });
}

/**
 * Follows an answer that is still being written but not by this tab (a reload mid-answer, a second
 * tab): a snapshot of the text so far, then the live deltas, shown exactly like a live answer.
 */
export async function attachToAnswer(messageId: string): Promise<void> {
  const state = appStore.getState();
  const thread = state.thread;
  const message = thread?.messages[messageId];
  if (!thread || !message || state.stream || isLocalId(messageId) || message.status !== 'streaming') return;
  const conversationId = thread.conversationId;
  dispatch({ type: 'stream/pending', conversationId, userMessage: null, assistantMessage: message });

  await runTurn({
    conversationId,
    userRowId: null,
    assistantRowId: messageId,
    original: null,
    attached: true,
    open: (signal) => api.followAnswer({ conversationId, messageId, lastEventId: undefined, signal }),
    retry: { type: 'reload', conversationId },
    draft: null,
  });
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
    case 'continue':
      return continueAnswer(intent.messageId);
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
    metadata: null,
    createdAt: now,
    updatedAt: now,
  };
}
