/** Wire types of the Redline app API (docs/api.md). */

export type Role = 'owner' | 'user';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
}

export interface AuthStatus {
  authenticated: boolean;
  user: User | null;
  passwordless: boolean;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface CreatedApiKey {
  key: Omit<ApiKey, 'lastUsedAt'>;
  secret: string;
}

export type ModelKind = 'alias' | 'openai' | 'openai-compatible' | 'anthropic' | 'google' | 'ollama' | 'local';

export interface ModelInfo {
  id: string;
  provider: string;
  name: string;
  kind: ModelKind;
}

export type LocalSetupState = 'idle' | 'downloading' | 'ready' | 'failed';

export interface LocalSetup {
  needed: boolean;
  state: LocalSetupState;
  model: string;
  uri: string;
  downloadedBytes: number;
  totalBytes: number;
  error: string | null;
  hint: string;
}

export interface ModelsResponse {
  models: ModelInfo[];
  default: string | null;
  setup: LocalSetup;
}

export interface Conversation {
  id: string;
  title: string;
  model: string | null;
  currentLeafId: string | null;
  createdAt: string;
  updatedAt: string;
  /** A temporary chat: not listed, reads and writes no memory. */
  temporary?: boolean;
  /** Instructions for this conversation only; null uses the user's custom instructions. */
  instructions?: string | null;
}

export type MessageRole = 'user' | 'assistant' | 'system';
export type MessageStatus = 'complete' | 'streaming' | 'stopped' | 'interrupted' | 'failed';

export interface ErrorBody {
  message: string;
  code: string;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
}

export type FeedbackRating = 'up' | 'down';

/** A user's rating of an answer (`POST …/feedback`); `reason` is a quick-reason chip or free text. */
export interface Feedback {
  rating: FeedbackRating;
  reason: string | null;
  at: string;
}

/** Which model the `auto` alias picked for a turn, and why. */
export interface RouteChoice {
  /** The route: `fast`, `strong` or `reasoning`. */
  name: string;
  /** The model it maps to, "provider:model". */
  model: string;
  reason: string;
}

/** A broken answer stream picked up by a model (failover) or by the user (Continue), at a character offset. */
export interface Continuation {
  atChar: number;
  provider?: string;
  reason?: string;
}

/**
 * Facts about how an answer was made, and its rating. The server keeps this as free-form JSON,
 * so the UI reads it defensively (see `state/answer-provenance.ts`).
 */
export interface MessageMetadata {
  /** The "provider:model" that answered: not the one asked for after a fallback or an `auto` route. */
  answeredBy?: string;
  route?: RouteChoice;
  continuations?: Continuation[];
  feedback?: Feedback | null;
  /** The saved memories the answer was given. */
  memories?: MemoryRef[];
  /** The tools the model called for this answer, in order. */
  toolCalls?: ToolCall[];
  /** The model's reasoning, apart from the answer; `effort` is what "Think harder" asked for (null: not asked). */
  reasoning?: { effort: ReasoningEffort | null; text: string };
}

export type ReasoningEffort = 'low' | 'medium' | 'high';

/** A tool call of an answer: `running` only while it streams. */
export interface ToolCall {
  id: string;
  name: string;
  input: unknown;
  status?: 'running' | 'done' | 'error';
  output?: string | null;
  error?: string | null;
  ms?: number;
}

/** A memory as an answer's metadata names it. */
export interface MemoryRef {
  id: string;
  kind: MemoryKind;
  content: string;
}

export interface Message {
  id: string;
  conversationId: string;
  parentId: string | null;
  role: MessageRole;
  content: string;
  status: MessageStatus;
  model: string | null;
  error: ErrorBody | null;
  usage: Usage | null;
  metadata: MessageMetadata | null;
  createdAt: string;
  updatedAt: string;
}

export interface FeedbackBody {
  /** null clears the rating. */
  rating: FeedbackRating | null;
  reason?: string;
}

export interface SendMessageBody {
  content: string;
  /** Omitted: continue from `currentLeafId`; `null`: a new root. */
  parentId?: string | null;
  model?: string;
  /** Think harder: the model's own reasoning effort, or plan, draft and check for a model without one. */
  reasoning?: ReasoningEffort;
}

// ─── Personalization and memory ──────────────────────────────────────────────

export type MemoryKind = 'fact' | 'preference' | 'goal' | 'relationship';
export type MemoryStatus = 'active' | 'superseded' | 'deleted';

export interface Memory {
  id: string;
  kind: MemoryKind;
  content: string;
  status: MemoryStatus;
  createdAt: string;
  updatedAt: string;
  lastUsedAt: string | null;
  /** "Why do you know this?": both null when typed in by hand or when the source was deleted. */
  sourceConversationId: string | null;
  sourceMessageId: string | null;
}

export interface PersonalizationSettings {
  memoryEnabled: boolean;
  chatHistoryEnabled: boolean;
  /** "What should Redline know about you?" */
  aboutUser: string;
  /** "How should Redline respond?" */
  responseStyle: string;
  /** The style profile: short rules learned from feedback, editable. */
  styleRules: string[];
  updatedAt: string | null;
}

export type SettingsPatch = Partial<Omit<PersonalizationSettings, 'updatedAt'>>;

export interface MemoryListParams {
  q?: string;
  kind?: MemoryKind;
  status?: MemoryStatus | 'all';
}

/** A past message found by `GET /api/search`. */
export interface SearchHit {
  conversationId: string;
  conversationTitle: string;
  messageId: string;
  role: 'user' | 'assistant';
  text: string;
  score: number;
  createdAt: string;
}

/** What `POST /api/import` did; read defensively (see `state/memory-view.ts`). */
export interface ImportResult {
  source?: 'chatgpt' | 'redline';
  imported?: { sourceId: string; conversationId: string; title: string; messages: number }[];
  skipped?: { sourceId: string; title: string; reason: string }[];
  failed?: { sourceId: string; title: string; error: string }[];
  invalid?: { index: number; title: string; error: string }[];
  memories?: number;
}
