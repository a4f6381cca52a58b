import { api } from '../api/client';
import { ApiError, errorMessage } from '../api/errors';
import type { Conversation } from '../api/types';
import { appStore, dispatch } from '../state/app-store';
import { reportError } from './report-error';
import { navigateTo } from './router';

export const PAGE_SIZE = 50;

/** Loads the first page of conversations, or the next one with `more`. */
export async function loadConversations(options: { more?: boolean } = {}): Promise<void> {
  const { conversations } = appStore.getState();
  if (options.more && (conversations.loadingMore || !conversations.hasMore)) return;
  const before = options.more ? conversations.items.at(-1)?.updatedAt : undefined;
  dispatch({ type: 'conversations/loading', more: !!options.more });
  try {
    const page = await api.listConversations({ limit: PAGE_SIZE, before });
    dispatch({
      type: 'conversations/loaded',
      conversations: page.conversations,
      more: !!options.more,
      hasMore: page.conversations.length >= PAGE_SIZE,
    });
  } catch (error) {
    dispatch({ type: 'conversations/failed' });
    reportError(error);
  }
}

/** Runs a search (already debounced by the caller); stale answers are dropped by the reducer. */
export async function searchConversations(query: string, signal: AbortSignal): Promise<void> {
  try {
    const { conversations } = await api.listConversations({ q: query, limit: PAGE_SIZE }, signal);
    dispatch({ type: 'search/loaded', query, results: conversations });
  } catch (error) {
    if (signal.aborted) return;
    dispatch({ type: 'search/failed', query });
    reportError(error);
  }
}

export function setSearchQuery(query: string): void {
  dispatch({ type: 'search/query', query });
}

/** Loads the messages of a conversation into the thread. */
export async function loadThread(conversationId: string, options: { quiet?: boolean } = {}): Promise<void> {
  if (!options.quiet) dispatch({ type: 'thread/loading', conversationId });
  try {
    const { conversation, messages } = await api.conversation(conversationId);
    dispatch({ type: 'thread/loaded', conversation, messages });
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      dispatch({ type: 'thread/failed', conversationId, error: 'This conversation does not exist or was deleted.' });
      return;
    }
    if (!options.quiet) dispatch({ type: 'thread/failed', conversationId, error: 'The conversation could not be loaded.' });
    reportError(error, { type: 'reload', conversationId });
  }
}

export function openConversation(id: string | null): void {
  navigateTo(id);
  if (!window.matchMedia('(min-width: 768px)').matches) dispatch({ type: 'ui/sidebar', open: false });
  dispatch({ type: 'ui/focus-composer' });
}

export function newChat(): void {
  openConversation(null);
  dispatch({ type: 'ui/draft', draft: '' });
  dispatch({ type: 'ui/temporary', temporary: false });
}

/** Starts the next chat as temporary (or not): it is not listed and reads and writes no memory. */
export function setTemporaryChat(temporary: boolean): void {
  dispatch({ type: 'ui/temporary', temporary });
  dispatch({ type: 'ui/focus-composer' });
}

/** Sets (or clears, with an empty text) the instructions that replace the user's custom instructions in one conversation. */
export async function setConversationInstructions(conversation: Conversation, text: string): Promise<string | null> {
  const instructions = text.trim() ? text.trim() : null;
  try {
    const { conversation: saved } = await api.updateConversation(conversation.id, { instructions });
    // The server may not echo fields it does not know yet: keep what was asked for.
    dispatch({ type: 'conversation/upserted', conversation: { ...saved, instructions: saved.instructions === undefined ? instructions : saved.instructions } });
    return null;
  } catch (error) {
    if (error instanceof ApiError && error.unauthorized) reportError(error);
    return errorMessage(error);
  }
}

export async function renameConversation(conversation: Conversation, title: string): Promise<void> {
  const trimmed = title.trim();
  if (!trimmed || trimmed === conversation.title) return;
  dispatch({ type: 'conversation/upserted', conversation: { ...conversation, title: trimmed } });
  try {
    const { conversation: saved } = await api.updateConversation(conversation.id, { title: trimmed });
    dispatch({ type: 'conversation/upserted', conversation: saved });
  } catch (error) {
    dispatch({ type: 'conversation/upserted', conversation });
    reportError(error);
  }
}

export async function deleteConversation(id: string): Promise<void> {
  try {
    await api.deleteConversation(id);
  } catch (error) {
    reportError(error);
    return;
  }
  const wasActive = appStore.getState().activeConversationId === id;
  dispatch({ type: 'conversation/removed', id });
  if (wasActive) navigateTo(null, { replace: true });
}
