import type { Message, ModelInfo } from '../api/types';
import type { AppState } from './app-state';
import { siblingsOf, visiblePath } from './message-tree';

/** Ids of the visible thread (root → current leaf), without system messages. */
export function selectPathIds(state: AppState): string[] {
  const thread = state.thread;
  if (!thread) return [];
  return visiblePath(thread, thread.currentLeafId).filter((id) => thread.messages[id]?.role !== 'system');
}

export const selectMessage =
  (id: string) =>
  (state: AppState): Message | undefined =>
    state.thread?.messages[id];

export interface BranchInfo {
  index: number;
  count: number;
}

export const selectBranch =
  (id: string) =>
  (state: AppState): BranchInfo => {
    const thread = state.thread;
    if (!thread) return { index: 0, count: 1 };
    const siblings = siblingsOf(thread, id);
    return { index: Math.max(0, siblings.indexOf(id)), count: Math.max(1, siblings.length) };
  };

/** An answer that ended early with some text can be continued from where it stopped. */
export function canContinue(message: Message): boolean {
  const ended = message.status === 'interrupted' || message.status === 'failed' || message.status === 'stopped';
  return message.role === 'assistant' && ended && message.content.trim().length > 0;
}

/**
 * The answer to attach to: one the visible thread shows as still being written while this tab streams
 * nothing (a reload mid-answer, a second tab). Null otherwise.
 */
export function selectAnswerToAttach(state: AppState): string | null {
  const thread = state.thread;
  if (state.stream || !thread || thread.status !== 'ready' || thread.conversationId !== state.activeConversationId) return null;
  const path = selectPathIds(state);
  for (let i = path.length - 1; i >= 0; i--) {
    const message = thread.messages[path[i]];
    if (message.role === 'assistant' && message.status === 'streaming' && !message.id.startsWith('local-')) return message.id;
  }
  return null;
}

export const selectIsStreaming = (state: AppState): boolean => state.stream !== null;

export const selectIsStreamingMessage =
  (id: string) =>
  (state: AppState): boolean =>
    state.stream?.assistantMessageId === id;

/** The model the next turn uses: the conversation's, else the remembered choice, else the server default. */
export function selectCurrentModel(state: AppState): string | null {
  const known = (id: string | null | undefined): id is string =>
    !!id && (state.models.items.length === 0 || state.models.items.some((m) => m.id === id));
  const conversationModel = state.thread?.conversation?.model;
  if (state.activeConversationId && known(conversationModel)) return conversationModel;
  if (known(state.models.preferred)) return state.models.preferred;
  if (known(state.models.serverDefault)) return state.models.serverDefault;
  return state.models.items[0]?.id ?? null;
}

export function modelLabel(models: readonly ModelInfo[], id: string | null): string {
  if (!id) return 'No model';
  return models.find((m) => m.id === id)?.name ?? id;
}

/**
 * True when there is no model to chat with, so the new-chat page offers the local download.
 * Also when `setup.needed` is false: a configured provider that lists no models leaves nothing else to do.
 */
export const selectNeedsSetup = (state: AppState): boolean =>
  state.models.status === 'ready' && state.models.items.length === 0 && state.models.setup !== null;

export const selectUser = (state: AppState) => (state.auth.status === 'signed-in' ? state.auth.user : null);
