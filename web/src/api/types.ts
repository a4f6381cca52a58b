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
  /** The project it belongs to (its files ground the answers); null or absent for none. */
  projectId?: string | null;
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
  /** The passages a grounded answer was given: `[n]` in its text is the source with that `n`. */
  sources?: Source[];
  /** Which of the answer's sentences the cited sources support. */
  verification?: Verification;
  grounding?: Grounding;
}

/** A passage of an uploaded file as an answer cites it. */
export interface Source {
  n: number;
  documentId: string;
  chunkId: string;
  name: string;
  /** The heading path of the passage ("Refunds › Exceptions"), when the file has headings. */
  heading: string | null;
  page: number | null;
  text: string;
}

/** One sentence of an answer, checked against the sources it cites. */
export interface VerifiedSentence {
  /** Plain text: Markdown stripped, citation markers such as `[1]` kept. */
  text: string;
  supported: boolean;
  citations: number[];
}

export interface Verification {
  method: 'judge' | 'lexical';
  sentences: VerifiedSentence[];
}

/** How a grounded answer was made: `abstained` when Redline said the files do not hold the answer. */
export interface Grounding {
  strict: boolean;
  abstained: boolean;
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

// ─── Projects and documents ──────────────────────────────────────────────────

/** A group of conversations sharing files and instructions. */
export interface Project {
  id: string;
  name: string;
  instructions: string | null;
  /** Answer only from the files, and say so when they do not hold the answer. */
  strict: boolean;
  documentCount: number;
  conversationCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface ProjectPatch {
  name?: string;
  instructions?: string | null;
  strict?: boolean;
}

export type DocumentStatus = 'indexing' | 'ready' | 'failed';

/** An uploaded file of a project or of one conversation, and how far its indexing got. */
export interface DocumentInfo {
  id: string;
  projectId: string | null;
  conversationId: string | null;
  name: string;
  format: string | null;
  sizeBytes: number;
  status: DocumentStatus;
  /** 0..1 while indexing. */
  progress: number;
  error: ErrorBody | null;
  chunkCount: number;
  pageCount: number | null;
  createdAt: string;
}

/** Whose files: a project's, or those attached to one conversation (`/api/projects/:id/documents`, `/api/conversations/:id/documents`). */
export interface DocumentScope {
  kind: 'project' | 'conversation';
  id: string;
}
