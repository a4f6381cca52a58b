import type { schema } from '../db/index.js';

export type MemoryKind = schema.MemoryKind;
export type MemoryStatus = schema.MemoryStatus;
export const MEMORY_KINDS: readonly MemoryKind[] = ['fact', 'preference', 'goal', 'relationship'];

/** One long-term memory as the API and the prompt see it (never its vector). */
export interface Memory {
  id: string;
  kind: MemoryKind;
  content: string;
  status: MemoryStatus;
  /** The memory this one replaced; follow it for the history of a fact. */
  supersedesId: string | null;
  /** "Why do you know this?": null when it was typed in the Memory page or the source was deleted. */
  sourceMessageId: string | null;
  sourceConversationId: string | null;
  createdAt: Date;
  updatedAt: Date;
  lastUsedAt: Date | null;
}

/** Where a memory came from. */
export interface MemorySource {
  messageId: string | null;
  conversationId: string | null;
}

/** A memory found by a search, with its fused score (higher is better). */
export interface ScoredMemory extends Memory {
  score: number;
}

/** A past message found by episodic search (`GET /api/search`). `text` is an excerpt around the match. */
export interface EpisodeHit {
  conversationId: string;
  conversationTitle: string;
  messageId: string;
  role: 'user' | 'assistant';
  text: string;
  score: number;
  createdAt: Date;
}

/** Per-user personalization settings. */
export interface PersonalizationSettings {
  /** Saved memories are written and used. */
  memoryEnabled: boolean;
  /** Past conversations are searched and used per turn. */
  chatHistoryEnabled: boolean;
  /** Custom instructions: what Redline should know about the user. */
  aboutUser: string;
  /** Custom instructions: how Redline should respond. */
  responseStyle: string;
  /** The style profile: a few concise rules the user can read, edit or reset. */
  styleRules: string[];
  updatedAt: Date | null;
}

/** Turns texts into vectors (OpenAI-compatible embeddings, Ollama, the in-process engine). */
export interface Embedder {
  /** Identifies the model: vectors of different models are never compared. */
  readonly id: string;
  embed(texts: string[], options?: { signal?: AbortSignal }): Promise<number[][]>;
}

/** The enqueue side of the job queue (src/jobs satisfies it; memory does not import it). */
export interface MemoryJobEnqueuer {
  enqueue<P>(userId: string, kind: string, payload: P, options?: { runAfter?: Date; maxAttempts?: number }): Promise<unknown>;
}

/** The registration side of the job queue. */
export interface MemoryJobRegistrar {
  register<P>(kind: string, handler: (job: { userId: string; payload: P; attempts: number; maxAttempts: number }, context: { signal: AbortSignal }) => Promise<void>): void;
}

/** Payload of `memory.extract`: one finished exchange. The text is read from the store when the job runs. */
export interface ExtractJobPayload {
  conversationId: string;
  userMessageId: string;
  assistantMessageId: string;
  /** The model to extract with ("provider:model" or an alias); null = the service's default extraction model. */
  model: string | null;
  /** Temporary chats never write memory. */
  temporary?: boolean;
  /** The user's message is a document pasted from elsewhere: nothing is learned from it. */
  pastedDocument?: boolean;
}

/** Payload of `memory.embed`: fill in missing vectors of the user's memories and messages. */
export interface EmbedJobPayload {
  reason?: string;
}

export const MEMORY_JOB_KINDS = { extract: 'memory.extract', embed: 'memory.embed' } as const;

/** A memory the extractor proposes from an exchange. */
export interface MemoryProposal {
  kind: MemoryKind;
  content: string;
}

/** What consolidation did with one proposal. */
export type ConsolidationOutcome =
  | { action: 'add'; memory: Memory; decidedBy: 'model' | 'rules' }
  | { action: 'update'; memory: Memory; replaced: Memory; decidedBy: 'model' | 'rules' }
  | { action: 'delete'; deleted: Memory; decidedBy: 'model' | 'rules' }
  | { action: 'none'; existing: Memory | null; decidedBy: 'model' | 'rules' };

/** The model gave nothing usable (not JSON, wrong shape); retryable: another attempt may do better. */
export class UnusableModelOutputError extends Error {
  readonly code = 'unusable_model_output';
  readonly retryable = true;
  constructor(
    message: string,
    readonly details: { model: string; text: string },
  ) {
    super(message);
    this.name = 'UnusableModelOutputError';
  }
}

/** A memory request that cannot be done as asked (HTTP 400). */
export class MemoryInputError extends Error {
  readonly code: string;
  constructor(message: string, code = 'invalid_memory_request') {
    super(message);
    this.name = 'MemoryInputError';
    this.code = code;
  }
}
