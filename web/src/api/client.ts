import { readChatStream, type ChatStreamEvent } from './chat-stream';
import { StreamProtocolError } from './errors';
import { query, send, sendJson } from './http';
import type {
  ApiKey,
  AuthStatus,
  Conversation,
  CreatedApiKey,
  DocumentInfo,
  DocumentScope,
  FeedbackBody,
  ImportResult,
  LocalSetup,
  Memory,
  MemoryKind,
  MemoryListParams,
  Message,
  ModelsResponse,
  PersonalizationSettings,
  Project,
  ProjectPatch,
  ReasoningEffort,
  SearchHit,
  SettingsPatch,
  SendMessageBody,
  User,
} from './types';

const enc = encodeURIComponent;

/** The app API (`/api`), one function per endpoint. Pure I/O: no state. */
export const api = {
  authStatus: () => sendJson<AuthStatus>('/api/auth/status'),
  login: (body: { email?: string; password?: string }) =>
    sendJson<{ user: User }>('/api/auth/login', { method: 'POST', body }),
  logout: () => sendJson<{ ok: true }>('/api/auth/logout', { method: 'POST' }),

  me: () => sendJson<{ user: User }>('/api/me'),
  changePassword: (body: { currentPassword?: string; newPassword: string }) =>
    sendJson<{ ok: true }>('/api/me/password', { method: 'POST', body }),

  listUsers: () => sendJson<{ users: User[] }>('/api/users'),
  createUser: (body: { email: string; name?: string; password: string }) =>
    sendJson<{ user: User }>('/api/users', { method: 'POST', body }),
  deleteUser: (id: string) => sendJson<{ ok: true }>(`/api/users/${enc(id)}`, { method: 'DELETE' }),

  listKeys: () => sendJson<{ keys: ApiKey[] }>('/api/keys'),
  createKey: (body: { name?: string }) => sendJson<CreatedApiKey>('/api/keys', { method: 'POST', body }),
  deleteKey: (id: string) => sendJson<{ ok: true }>(`/api/keys/${enc(id)}`, { method: 'DELETE' }),

  listModels: () => sendJson<ModelsResponse>('/api/models'),
  startLocalSetup: () => sendJson<{ setup: LocalSetup }>('/api/setup/local-model', { method: 'POST' }),
  localSetup: () => sendJson<{ setup: LocalSetup }>('/api/setup/local-model'),

  /** `project`: only that project's conversations. */
  listConversations: (params: { q?: string; limit?: number; before?: string; project?: string }, signal?: AbortSignal) =>
    sendJson<{ conversations: Conversation[] }>(`/api/conversations${query(params)}`, { signal }),
  createConversation: (body: { title?: string; model?: string; temporary?: boolean; instructions?: string | null; projectId?: string }) =>
    sendJson<{ conversation: Conversation }>('/api/conversations', { method: 'POST', body }),
  conversation: (id: string, signal?: AbortSignal) =>
    sendJson<{ conversation: Conversation; messages: Message[] }>(`/api/conversations/${enc(id)}`, { signal }),
  /** `projectId` moves the conversation into a project, or out of it with null. */
  updateConversation: (
    id: string,
    body: { title?: string; model?: string | null; currentLeafId?: string; instructions?: string | null; projectId?: string | null },
  ) =>
    sendJson<{ conversation: Conversation }>(`/api/conversations/${enc(id)}`, { method: 'PATCH', body }),
  deleteConversation: (id: string) =>
    sendJson<{ ok: true }>(`/api/conversations/${enc(id)}`, { method: 'DELETE' }),

  /** Sends a user message; the answer streams back as typed events. */
  sendMessage: (options: { conversationId: string; body: SendMessageBody; signal: AbortSignal }) =>
    stream(`/api/conversations/${enc(options.conversationId)}/messages`, options.body, options.signal),
  /** Asks for a new answer (a sibling of an assistant message, or an answer to a user message). */
  regenerate: (options: { conversationId: string; messageId: string; model?: string; reasoning?: ReasoningEffort; signal: AbortSignal }) =>
    stream(
      `/api/conversations/${enc(options.conversationId)}/messages/${enc(options.messageId)}/regenerate`,
      { ...(options.model ? { model: options.model } : {}), ...(options.reasoning ? { reasoning: options.reasoning } : {}) },
      options.signal,
    ),
  /** Continues an interrupted, failed or stopped answer in place: `start` carries its text so far, deltas append. */
  continueAnswer: (options: { conversationId: string; messageId: string; signal: AbortSignal }) =>
    stream(`/api/conversations/${enc(options.conversationId)}/messages/${enc(options.messageId)}/continue`, {}, options.signal),
  /**
   * Reconnects to an answer. With `lastEventId`, the events after it; without, a `snapshot` of the
   * whole text so far, then the rest.
   */
  followAnswer: async (options: {
    conversationId: string;
    messageId: string;
    lastEventId: string | undefined;
    signal: AbortSignal;
  }): Promise<AsyncGenerator<ChatStreamEvent>> => {
    const path = `/api/conversations/${enc(options.conversationId)}/messages/${enc(options.messageId)}/stream`;
    const headers = options.lastEventId === undefined ? undefined : { 'last-event-id': options.lastEventId };
    const response = await send(path, { signal: options.signal, accept: 'text/event-stream', headers });
    if (!response.body) throw new StreamProtocolError('The response has no body');
    return readChatStream(response.body);
  },
  /** Rates an answer (`rating: null` clears it); answers with the message, its `metadata.feedback` updated. */
  rateAnswer: (options: { conversationId: string; messageId: string; body: FeedbackBody }) =>
    sendJson<{ message: Message }>(
      `/api/conversations/${enc(options.conversationId)}/messages/${enc(options.messageId)}/feedback`,
      { method: 'POST', body: options.body },
    ),
  personalization: () => sendJson<{ settings: PersonalizationSettings }>('/api/personalization'),
  updatePersonalization: (patch: SettingsPatch) =>
    sendJson<{ settings: PersonalizationSettings }>('/api/personalization', { method: 'PATCH', body: patch }),
  resetStyle: () => sendJson<{ settings: PersonalizationSettings }>('/api/personalization/style/reset', { method: 'POST' }),

  listMemories: (params: MemoryListParams, signal?: AbortSignal) =>
    sendJson<{ memories: Memory[] }>(`/api/memories${query({ ...params })}`, { signal }),
  memory: (id: string) => sendJson<{ memory: Memory; history: Memory[] }>(`/api/memories/${enc(id)}`),
  /** A memory typed in by hand; the server consolidates it (it may update an older one). */
  createMemory: (body: { content: string; kind?: MemoryKind }) =>
    sendJson<{ action: 'add' | 'update' | 'delete' | 'none'; memory: Memory | null; replaced: Memory | null }>('/api/memories', { method: 'POST', body }),
  updateMemory: (id: string, body: { content?: string; kind?: MemoryKind }) =>
    sendJson<{ memory: Memory }>(`/api/memories/${enc(id)}`, { method: 'PATCH', body }),
  deleteMemory: (id: string) => sendJson<unknown>(`/api/memories/${enc(id)}`, { method: 'DELETE' }),
  deleteAllMemories: () => sendJson<{ deleted: number }>('/api/memories', { method: 'DELETE' }),

  searchHistory: (params: { q: string; k?: number }, signal?: AbortSignal) =>
    sendJson<{ results: SearchHit[] }>(`/api/search${query(params)}`, { signal }),
  /** Imports a ChatGPT `conversations.json` or a Redline export (parsed JSON). */
  importConversations: (json: unknown) => sendJson<ImportResult>('/api/import', { method: 'POST', body: json }),
  /** A JSON download (`/api/export`, `/api/memories/export`): the file and the name the server gave it. */
  download: async (path: '/api/export' | '/api/memories/export'): Promise<{ blob: Blob; filename: string | null }> => {
    const response = await send(path);
    const disposition = response.headers.get('content-disposition') ?? '';
    return { blob: await response.blob(), filename: /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? null };
  },

  listProjects: () => sendJson<{ projects: Project[] }>('/api/projects'),
  createProject: (body: { name: string; instructions?: string | null; strict?: boolean }) =>
    sendJson<{ project: Project }>('/api/projects', { method: 'POST', body }),
  updateProject: (id: string, patch: ProjectPatch) => sendJson<{ project: Project }>(`/api/projects/${enc(id)}`, { method: 'PATCH', body: patch }),
  /** Deletes the project and its files; its conversations are kept and leave it. */
  deleteProject: (id: string) => sendJson<{ ok: true }>(`/api/projects/${enc(id)}`, { method: 'DELETE' }),

  /** The files of a project or of one conversation. */
  listDocuments: (scope: DocumentScope, signal?: AbortSignal) => sendJson<{ documents: DocumentInfo[] }>(`${scopePath(scope)}/documents`, { signal }),
  /** Uploads one file (multipart, field `file`); answers 202 with the document, still `indexing`. */
  uploadDocument: (scope: DocumentScope, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return sendJson<{ document: DocumentInfo }>(`${scopePath(scope)}/documents`, { method: 'POST', body: form });
  },
  document: (id: string, signal?: AbortSignal) => sendJson<{ document: DocumentInfo }>(`/api/documents/${enc(id)}`, { signal }),
  deleteDocument: (id: string) => sendJson<{ ok: true }>(`/api/documents/${enc(id)}`, { method: 'DELETE' }),

  stop: (conversationId: string, messageId: string) =>
    sendJson<{ ok: true }>(`/api/conversations/${enc(conversationId)}/messages/${enc(messageId)}/stop`, {
      method: 'POST',
    }),
};

export type Api = typeof api;

function scopePath(scope: DocumentScope): string {
  return `/api/${scope.kind === 'project' ? 'projects' : 'conversations'}/${enc(scope.id)}`;
}

async function stream(path: string, body: unknown, signal: AbortSignal): Promise<AsyncGenerator<ChatStreamEvent>> {
  const response = await send(path, { method: 'POST', body, signal, accept: 'text/event-stream' });
  if (!response.body) throw new StreamProtocolError('The response has no body');
  return readChatStream(response.body);
}
