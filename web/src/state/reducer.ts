import type { Conversation, Message } from '../api/types';
import type { Action } from './actions';
import { scopeKey, type AppState, type ThreadState } from './app-state';
import { reduceFiles, reduceProjects } from './files-reducer';
import { buildTree, removeMessage, upsertMessage } from './message-tree';

/** The one reducer. Pure: no I/O, no clocks beyond what actions carry. */
export function reducer(state: AppState, action: Action): AppState {
  switch (action.type) {
    case 'projects/loading':
    case 'projects/loaded':
    case 'projects/failed':
    case 'project/upserted':
    case 'project/removed':
      return reduceProjects(state, action);
    case 'files/loading':
    case 'files/loaded':
    case 'files/failed':
    case 'files/uploading':
    case 'files/uploaded':
    case 'files/refused':
    case 'file/updated':
    case 'file/removed': {
      const files = reduceFiles(state.files, action);
      return files === state.files ? state : { ...state, files };
    }

    case 'auth/loaded':
      return {
        ...state,
        auth:
          action.authenticated && action.user
            ? { status: 'signed-in', user: action.user, passwordless: action.passwordless }
            : { status: 'signed-out', passwordless: action.passwordless, reason: null },
      };
    case 'auth/signed-in':
      return {
        ...state,
        auth: { status: 'signed-in', user: action.user, passwordless: state.auth.status === 'signed-out' && state.auth.passwordless },
        banner: null,
      };
    case 'auth/signed-out': {
      const passwordless = state.auth.status === 'loading' ? false : state.auth.passwordless;
      return {
        ...state,
        auth: { status: 'signed-out', passwordless, reason: action.reason },
        conversations: { status: 'idle', items: [], hasMore: false, loadingMore: false },
        search: { query: '', status: 'idle', results: [] },
        projects: { status: 'idle', items: [] },
        files: {},
        thread: null,
        stream: null,
        banner: null,
        ui: { ...state.ui, settingsOpen: false, sourcePanel: null },
      };
    }

    case 'models/loading':
      return { ...state, models: { ...state.models, status: 'loading' } };
    case 'models/loaded':
      return {
        ...state,
        models: {
          ...state.models,
          status: 'ready',
          items: action.response.models,
          serverDefault: action.response.default,
          setup: action.response.setup,
        },
      };
    case 'models/failed':
      return { ...state, models: { ...state.models, status: 'error' } };
    case 'models/preferred':
      return { ...state, models: { ...state.models, preferred: action.modelId } };
    case 'setup/updated':
      return { ...state, models: { ...state.models, setup: action.setup } };

    case 'conversations/loading':
      return {
        ...state,
        conversations: action.more
          ? { ...state.conversations, loadingMore: true }
          : { ...state.conversations, status: state.conversations.status === 'ready' ? 'ready' : 'loading' },
      };
    case 'conversations/loaded': {
      const items = action.more ? mergeConversations(state.conversations.items, action.conversations) : action.conversations;
      return {
        ...state,
        conversations: { status: 'ready', items, hasMore: action.hasMore, loadingMore: false },
      };
    }
    case 'conversations/failed':
      return {
        ...state,
        conversations: { ...state.conversations, status: state.conversations.status === 'ready' ? 'ready' : 'error', loadingMore: false },
      };
    case 'conversation/upserted':
      return upsertConversation(state, action.conversation);
    case 'conversation/removed': {
      // Its attached files went with it.
      const { [scopeKey({ kind: 'conversation', id: action.id })]: _files, ...files } = state.files;
      return {
        ...state,
        files,
        conversations: { ...state.conversations, items: state.conversations.items.filter((c) => c.id !== action.id) },
        search: { ...state.search, results: state.search.results.filter((c) => c.id !== action.id) },
        thread: state.thread?.conversationId === action.id ? null : state.thread,
        activeConversationId: state.activeConversationId === action.id ? null : state.activeConversationId,
      };
    }

    case 'search/query':
      return {
        ...state,
        search: {
          query: action.query,
          status: action.query.trim() ? 'loading' : 'idle',
          results: action.query.trim() ? state.search.results : [],
        },
      };
    case 'search/loaded':
      if (action.query !== state.search.query) return state;
      return { ...state, search: { query: action.query, status: 'ready', results: action.results } };
    case 'search/failed':
      if (action.query !== state.search.query) return state;
      return { ...state, search: { ...state.search, status: 'error' } };

    case 'route/changed': {
      const page = action.page ?? 'chat';
      const focusMessageId = action.messageId ?? null;
      const activeProjectId = page === 'project' ? (action.projectId ?? null) : null;
      if (action.conversationId === state.activeConversationId && page === state.page && activeProjectId === state.activeProjectId) {
        return focusMessageId === state.focusMessageId ? state : { ...state, focusMessageId };
      }
      const keepThread = state.thread && state.thread.conversationId === action.conversationId;
      return {
        ...state,
        page,
        activeConversationId: action.conversationId,
        activeProjectId,
        focusMessageId,
        thread: keepThread ? state.thread : null,
        banner: null,
        // The panel shows a passage of an answer on screen: it does not follow to another page.
        ui: state.ui.sourcePanel ? { ...state.ui, sourcePanel: null } : state.ui,
      };
    }
    case 'thread/loading':
      return {
        ...state,
        thread: {
          conversationId: action.conversationId,
          conversation: state.conversations.items.find((c) => c.id === action.conversationId) ?? null,
          status: 'loading',
          error: null,
          currentLeafId: null,
          messages: {},
          children: {},
        },
      };
    case 'thread/loaded': {
      if (state.activeConversationId !== action.conversation.id) return state;
      const tree = buildTree(action.messages);
      // Keep the optimistic and streaming rows of a turn in flight: the server may not have them yet.
      const streaming = state.stream?.conversationId === action.conversation.id ? state.stream : null;
      const previous = state.thread?.conversationId === action.conversation.id ? state.thread : null;
      let merged = tree;
      let leaf = action.conversation.currentLeafId;
      if (streaming) {
        // The server's copy of a turn in flight lags behind the stream: show what was streamed.
        for (const id of [streaming.userMessageId, streaming.assistantMessageId]) {
          const message = id ? (previous?.messages[id] ?? merged.messages[id]) : undefined;
          if (message) merged = upsertMessage(merged, message);
        }
        const assistant = merged.messages[streaming.assistantMessageId];
        if (assistant) {
          const content = streaming.text.length > assistant.content.length ? streaming.text : assistant.content;
          merged = upsertMessage(merged, { ...assistant, content, status: 'streaming' });
          leaf = assistant.id;
        }
      }
      return {
        ...upsertConversation(state, action.conversation),
        thread: {
          ...merged,
          conversationId: action.conversation.id,
          conversation: action.conversation,
          status: 'ready',
          error: null,
          currentLeafId: leaf,
        },
      };
    }
    case 'thread/failed':
      if (state.thread?.conversationId !== action.conversationId) return state;
      return { ...state, thread: { ...state.thread, status: 'error', error: action.error } };
    case 'thread/leaf':
      return updateThread(state, action.conversationId, (thread) => ({ ...thread, currentLeafId: action.leafId }));
    case 'message/updated':
      return updateThread(state, action.conversationId, (thread) =>
        thread.messages[action.message.id] ? { ...thread, ...upsertMessage(thread, action.message) } : thread,
      );

    case 'stream/pending': {
      const next = updateThread(state, action.conversationId, (thread) => {
        // An existing answer (continued, or attached to) grows in place: the thread keeps its leaf.
        const existing = action.assistantMessage.id in thread.messages;
        let tree: ThreadState = thread;
        if (action.userMessage) tree = { ...tree, ...upsertMessage(tree, action.userMessage) };
        tree = { ...tree, ...upsertMessage(tree, action.assistantMessage) };
        return { ...tree, currentLeafId: existing ? thread.currentLeafId : action.assistantMessage.id };
      });
      return {
        ...next,
        banner: null,
        stream: {
          conversationId: action.conversationId,
          userMessageId: action.userMessage?.id ?? null,
          assistantMessageId: action.assistantMessage.id,
          phase: 'connecting',
          text: action.assistantMessage.content,
        },
      };
    }
    case 'stream/started': {
      const next = updateThread(state, action.conversationId, (thread) => {
        const local = thread.messages[action.localAssistantId];
        let tree: ThreadState = thread;
        // A continuation's row already has its real id: it is replaced in place, not removed.
        if (action.localAssistantId !== action.assistantMessage.id) tree = { ...tree, ...removeMessage(tree, action.localAssistantId) };
        if (action.localUserId) tree = { ...tree, ...removeMessage(tree, action.localUserId) };
        if (action.userMessage) tree = { ...tree, ...upsertMessage(tree, action.userMessage) };
        // Deltas that raced ahead of `start` are kept.
        const assistant = { ...action.assistantMessage, content: action.assistantMessage.content || local?.content || '' };
        tree = { ...tree, ...upsertMessage(tree, assistant) };
        return { ...tree, currentLeafId: assistant.id };
      });
      if (!state.stream || state.stream.assistantMessageId !== action.localAssistantId) return next;
      const shown = next.thread?.conversationId === action.conversationId ? next.thread.messages[action.assistantMessage.id] : undefined;
      return {
        ...next,
        stream: {
          ...state.stream,
          userMessageId: action.userMessage?.id ?? null,
          assistantMessageId: action.assistantMessage.id,
          phase: state.stream.phase === 'stopping' ? 'stopping' : 'streaming',
          text: shown?.content ?? (action.assistantMessage.content || state.stream.text),
        },
      };
    }
    case 'stream/delta': {
      const next =
        state.stream && state.stream.assistantMessageId === action.messageId
          ? { ...state, stream: { ...state.stream, text: state.stream.text + action.text } }
          : state;
      return updateThread(next, action.conversationId, (thread) => {
        const message = thread.messages[action.messageId];
        if (!message) return thread;
        return { ...thread, messages: { ...thread.messages, [message.id]: { ...message, content: message.content + action.text } } };
      });
    }
    case 'stream/tool':
      // Started calls are shown running; the finished one replaces it (same id).
      return updateThread(state, action.conversationId, (thread) => {
        const message = thread.messages[action.messageId];
        if (!message) return thread;
        const calls = message.metadata?.toolCalls ?? [];
        const toolCalls = calls.some((c) => c.id === action.call.id) ? calls.map((c) => (c.id === action.call.id ? action.call : c)) : [...calls, action.call];
        return { ...thread, messages: { ...thread.messages, [message.id]: { ...message, metadata: { ...message.metadata, toolCalls } } } };
      });
    case 'stream/reasoning':
      return updateThread(state, action.conversationId, (thread) => {
        const message = thread.messages[action.messageId];
        if (!message) return thread;
        const before = message.metadata?.reasoning;
        const reasoning = { effort: before?.effort ?? null, text: (before?.text ?? '') + action.text };
        return { ...thread, messages: { ...thread.messages, [message.id]: { ...message, metadata: { ...message.metadata, reasoning } } } };
      });
    case 'stream/sources':
      return updateMetadata(state, action, { sources: action.sources });
    case 'stream/verification':
      return updateMetadata(state, action, { verification: action.verification });
    case 'stream/snapshot': {
      const own = state.stream?.assistantMessageId === action.messageId ? state.stream : null;
      const next = own
        ? { ...state, stream: { ...own, text: action.text, phase: own.phase === 'stopping' ? own.phase : ('streaming' as const) } }
        : state;
      return updateThread(next, action.conversationId, (thread) => {
        const message = thread.messages[action.messageId];
        if (!message || message.content === action.text) return thread;
        return { ...thread, messages: { ...thread.messages, [message.id]: { ...message, content: action.text } } };
      });
    }
    case 'stream/reconnecting': {
      if (!state.stream || state.stream.phase === 'stopping' || state.stream.phase === 'connecting') return state;
      const phase = action.reconnecting ? 'reconnecting' : 'streaming';
      return state.stream.phase === phase ? state : { ...state, stream: { ...state.stream, phase } };
    }
    case 'stream/stopping':
      return state.stream ? { ...state, stream: { ...state.stream, phase: 'stopping' } } : state;
    case 'stream/finished':
      return updateThread(state, action.conversationId, (thread) => ({ ...thread, ...upsertMessage(thread, action.message) }));
    case 'stream/failed':
      return updateThread(state, action.conversationId, (thread) => {
        const local = thread.messages[action.messageId];
        if (!local && !action.message) return thread;
        const base = action.message ?? (local as Message);
        const message: Message = {
          ...base,
          content: longer(base, local),
          status: action.message?.status ?? action.status,
          error: action.error ?? base.error,
        };
        return { ...thread, ...upsertMessage(thread, message) };
      });
    case 'stream/aborted':
      // The turn never started on the server: drop its optimistic rows (or put the answer back as it was) and show the previous leaf.
      return updateThread(state, action.conversationId, (thread) => {
        let tree: ThreadState = thread;
        let leaf = thread.currentLeafId;
        for (const id of action.localIds) {
          const message = tree.messages[id];
          if (!message) continue;
          if (leaf === id) leaf = message.parentId;
          tree = { ...tree, ...removeMessage(tree, id) };
        }
        if (action.restore) tree = { ...tree, ...upsertMessage(tree, action.restore) };
        return { ...tree, currentLeafId: leaf };
      });
    case 'stream/ended':
      return state.stream ? { ...state, stream: null } : state;

    case 'banner/shown':
      return { ...state, banner: action.banner };
    case 'banner/dismissed':
      return state.banner ? { ...state, banner: null } : state;
    case 'theme/set':
      return { ...state, theme: action.theme };
    case 'ui/sidebar':
      return { ...state, ui: { ...state.ui, sidebarOpen: action.open } };
    case 'ui/settings':
      return { ...state, ui: { ...state.ui, settingsOpen: action.open } };
    case 'ui/draft':
      return { ...state, ui: { ...state.ui, draft: action.draft } };
    case 'ui/focus-composer':
      return { ...state, ui: { ...state.ui, focusToken: state.ui.focusToken + 1 } };
    case 'ui/temporary':
      return state.ui.temporary === action.temporary ? state : { ...state, ui: { ...state.ui, temporary: action.temporary } };
    case 'ui/think-harder':
      return { ...state, ui: { ...state.ui, thinkHarder: action.on } };
    case 'ui/source-panel':
      return { ...state, ui: { ...state.ui, sourcePanel: action.panel } };
  }
}

function updateThread(state: AppState, conversationId: string, update: (thread: ThreadState) => ThreadState): AppState {
  if (!state.thread || state.thread.conversationId !== conversationId) return state;
  return { ...state, thread: update(state.thread) };
}

/** Merges fields into one message's metadata (a streamed `sources` or `verification`). */
function updateMetadata(state: AppState, target: { conversationId: string; messageId: string }, patch: Partial<NonNullable<Message['metadata']>>): AppState {
  return updateThread(state, target.conversationId, (thread) => {
    const message = thread.messages[target.messageId];
    if (!message) return thread;
    return { ...thread, messages: { ...thread.messages, [message.id]: { ...message, metadata: { ...message.metadata, ...patch } } } };
  });
}

/** Inserts or replaces a conversation, keeping the list sorted newest first. */
function upsertConversation(state: AppState, conversation: Conversation): AppState {
  // A temporary chat is never listed: it is not kept.
  const items = conversation.temporary ? state.conversations.items : mergeConversations(state.conversations.items, [conversation]);
  const results = state.search.results.map((c) => (c.id === conversation.id ? conversation : c));
  const thread =
    state.thread?.conversationId === conversation.id ? { ...state.thread, conversation } : state.thread;
  return {
    ...state,
    conversations: { ...state.conversations, items },
    search: { ...state.search, results },
    thread,
  };
}

function mergeConversations(current: readonly Conversation[], incoming: readonly Conversation[]): Conversation[] {
  const byId = new Map(current.map((c) => [c.id, c]));
  for (const conversation of incoming) byId.set(conversation.id, conversation);
  return [...byId.values()].sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
}

function longer(a: Message, b: Message | undefined): string {
  if (!b) return a.content;
  return b.content.length > a.content.length ? b.content : a.content;
}
