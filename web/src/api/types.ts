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
  createdAt: string;
  updatedAt: string;
}

export interface SendMessageBody {
  content: string;
  /** Omitted: continue from `currentLeafId`; `null`: a new root. */
  parentId?: string | null;
  model?: string;
}
