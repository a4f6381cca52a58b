import type { Logger } from 'pino';
import { editCues, parseMemoryCommand, withoutPastedDocuments, type Memory, type MemoryService } from '../memory/index.js';
import type { ConversationStore } from './conversation-store.js';
import { startPersonalContext, type PendingContext } from './personal-context.js';
import type { ActiveStream, StreamRegistry } from './stream-registry.js';
import type { Conversation, Message, ThreadMessage } from './types.js';

export interface TurnMemoryOptions {
  memory: MemoryService;
  store: ConversationStore;
  streams: StreamRegistry;
  logger: Logger;
  /** How long a turn waits for retrieval before answering without it (ms). */
  recallTimeoutMs: number;
  /** The model that extracts memories after turns; null = the model that answered. */
  extractionModel: string | null;
}

/** One committed turn, as memory sees it. */
interface TurnRef {
  userId: string;
  conversation: Conversation;
  assistantMessage: Message;
  stream: ActiveStream;
}

const brief = (m: Memory) => ({ id: m.id, kind: m.kind, content: m.content });

/**
 * Everything a chat turn does with long-term memory: recall before the model call, explicit
 * commands answered without one, extraction enqueued after a completed answer, and the style
 * profile learned from ratings and edits. Temporary chats read and write none of it.
 */
export class TurnMemory {
  constructor(private readonly options: TurnMemoryOptions) {}

  /** True when the message is an explicit memory command, which Redline may answer itself. */
  isCommand(text: string): boolean {
    return parseMemoryCommand(text) !== null;
  }

  /** Starts recall for a turn now, so it runs while the turn is being committed. */
  recall(userId: string, input: { conversation: Conversation; query: string }): PendingContext {
    return startPersonalContext(this.options.memory, { userId, ...input, timeoutMs: this.options.recallTimeoutMs, logger: this.options.logger });
  }

  /**
   * Answers an explicit command with Redline's own words, streamed like a model's and persisted as
   * the answer. False when it is not one Redline handles (the model answers instead).
   */
  async answerCommand(turn: TurnRef, input: { text: string; userMessageId: string | null }): Promise<boolean> {
    const { memory, store, streams } = this.options;
    const { userId, conversation, assistantMessage, stream } = turn;
    const outcome = await memory.handleCommand(userId, input.text, {
      source: { messageId: input.userMessageId, conversationId: conversation.id },
      temporary: conversation.temporary,
    });
    if (!outcome?.handled) return false;
    // Word by word, as a model would: the client has one code path for every answer.
    for (const piece of outcome.reply.match(/\S+\s*|\s+/g) ?? []) stream.push({ type: 'delta', text: piece });
    const used = [...outcome.saved, ...outcome.listed];
    const metadata: Record<string, unknown> = { ...(assistantMessage.metadata ?? {}), memoryCommand: outcome.command };
    if (used.length) metadata.memories = used.map(brief);
    try {
      // Redline wrote this answer itself: no model is named on it.
      const message = await store.finishMessage(userId, assistantMessage.id, { status: 'complete', content: outcome.reply, metadata, model: null });
      stream.push({ type: 'done', message, conversation: (await store.get(userId, conversation.id)) ?? conversation });
    } finally {
      streams.finish(stream);
    }
    return true;
  }

  /** After an answer: enqueue extraction when it completed (never for temporary chats or pasted documents). */
  async afterAnswer(turn: Omit<TurnRef, 'assistantMessage'>, input: { userMessage: ThreadMessage | null }): Promise<void> {
    const last = turn.stream.events.at(-1);
    if (last?.type !== 'done' || last.message.status !== 'complete' || turn.conversation.temporary || !input.userMessage) return;
    const { memory, extractionModel } = this.options;
    await memory.afterTurn(turn.userId, {
      conversationId: turn.conversation.id,
      userMessageId: input.userMessage.id,
      assistantMessageId: last.message.id,
      model: extractionModel ?? last.message.model,
      temporary: false,
      pastedDocument: withoutPastedDocuments(input.userMessage.content) === '',
    });
  }

  /** After an answer: the memories it was given are stamped as used (a write kept off the first token's path). */
  used(userId: string, ids: string[]): void {
    if (ids.length === 0) return;
    this.options.memory.markUsed(userId, ids).catch((error: unknown) => this.options.logger.warn({ err: error }, 'could not mark memories as used'));
  }

  /** A rating's reason may teach the style profile ("too long", "no emojis"); not from temporary chats. */
  async rated(userId: string, input: { conversation: Conversation; feedback: { rating: 'up' | 'down'; reason: string | null } | null }): Promise<void> {
    if (!input.feedback || input.conversation.temporary) return;
    await this.options.memory.learnFromFeedback(userId, input.feedback);
  }

  /** After a regeneration: long answers regenerated across conversations teach "shorter". */
  regenerated(userId: string, conversation: Conversation): void {
    if (conversation.temporary) return;
    this.options.memory.learnFromRegenerations(userId).catch((error: unknown) => this.options.logger.warn({ err: error }, 'could not learn from regenerations'));
  }

  /** After an edit: a style cue repeated across edits joins the profile. */
  edited(userId: string, edit: { conversation: Conversation; text: string; before: string[] }): void {
    if (edit.conversation.temporary) return;
    // Most edits fix content, not style: only one that adds a style cue is worth the look back.
    if (!edit.before.some((original) => editCues(original, edit.text).length > 0)) return;
    this.options.memory.learnFromEdits(userId).catch((error: unknown) => this.options.logger.warn({ err: error }, 'could not learn from edits'));
  }
}
