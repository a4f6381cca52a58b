import type { MessageStatus } from '../db/index.js';
import type { Source, Verification } from '../documents/index.js';

/** A conversation as the app API shows it. */
export interface Conversation {
  id: string;
  title: string;
  model: string | null;
  currentLeafId: string | null;
  /** Reads and writes no memory, is never listed or searched, and is deleted once idle. */
  temporary: boolean;
  /** Custom instructions for this conversation only; null = the user's. */
  instructions: string | null;
  /** The project it belongs to (its documents ground the answers); null for none. */
  projectId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** One node of a conversation's message tree. */
export interface Message {
  id: string;
  conversationId: string;
  parentId: string | null;
  role: 'system' | 'user' | 'assistant';
  content: string;
  status: MessageStatus;
  model: string | null;
  error: { message: string; code: string } | null;
  usage: { inputTokens: number | null; outputTokens: number | null } | null;
  /** Facts about how the answer was made: which provider answered, where it was continued. */
  metadata: Record<string, unknown> | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What a prompt, compaction and memory need of a message in a thread: read without its metadata. */
export type ThreadMessage = Pick<Message, 'id' | 'parentId' | 'role' | 'content' | 'status'>;

/** A tool call as the client sees it while the answer streams (metadata.toolCalls once it is done). */
export interface ToolCallView {
  id: string;
  name: string;
  input: unknown;
  status: 'running' | 'done' | 'error';
  output?: string | null;
  error?: string | null;
  ms?: number;
}

/** What a running turn emits, in order: deltas and tool calls, then exactly one `done` or `error`. */
export type TurnEvent =
  | { type: 'delta'; text: string }
  /** The model's reasoning, apart from the answer (shown collapsed). */
  | { type: 'reasoning'; text: string }
  /** The passages the answer may cite as [n], before any text. */
  | { type: 'sources'; sources: Source[] }
  /** After the text: which sentences their cited passages support. */
  | { type: 'verification'; verification: Verification }
  /** A tool call: `running` when the model asked for it, then `done` or `error` with its result. */
  | { type: 'tool'; call: ToolCallView }
  | { type: 'done'; message: Message; conversation: Conversation }
  | { type: 'error'; message: Message; error: { message: string; code: string } };

/** Raised for a request that names something that does not exist for this user (HTTP 404). */
export class NotFoundError extends Error {
  readonly code = 'not_found';
  constructor(what: string) {
    super(`${what} not found.`);
    this.name = 'NotFoundError';
  }
}

/** Raised for a request that is well-formed but cannot be done (HTTP 400/409). */
export class ChatInputError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: 400 | 409 = 400,
  ) {
    super(message);
    this.name = 'ChatInputError';
  }
}
