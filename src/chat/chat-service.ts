import type { Logger } from 'pino';
import type { ModelRegistry } from '../models/index.js';
import { threadTo } from './build-prompt.js';
import type { ConversationStore } from './conversation-store.js';
import { followMessage } from './follow-message.js';
import { runTurn, StopRequested, type TurnDeps } from './run-turn.js';
import type { ActiveStream, StreamRegistry } from './stream-registry.js';
import { ChatInputError, NotFoundError, type Conversation, type Message } from './types.js';

export interface ChatServiceOptions {
  store: ConversationStore;
  models: ModelRegistry;
  streams: StreamRegistry;
  logger: Logger;
  /** How often the partial answer is written while streaming. */
  flushIntervalMs?: number;
  /** Token budget for the history sent to the model. */
  contextTokens?: number;
}

/** A turn that has been committed and is now streaming. */
export interface StartedTurn {
  userMessage: Message | null;
  assistantMessage: Message;
  conversation: Conversation;
  stream: ActiveStream;
}

/** One turn: commit the user's message, run the model, persist the answer as it streams, finalize. */
export class ChatService {
  private readonly turnDeps: TurnDeps;

  constructor(private readonly options: ChatServiceOptions) {
    this.turnDeps = {
      store: options.store,
      models: options.models,
      streams: options.streams,
      logger: options.logger,
      flushIntervalMs: options.flushIntervalMs ?? 250,
      contextTokens: options.contextTokens ?? 24_000,
    };
  }

  /** Sends a user message. `parentId` undefined continues the current thread; null starts a new root (edit of the first message). */
  async send(userId: string, input: { conversationId: string; content: string; parentId?: string | null; model?: string }): Promise<StartedTurn> {
    const { store } = this.options;
    const conversation = await this.conversation(userId, input.conversationId);
    let parentId = input.parentId === undefined ? await this.currentUserParent(userId, conversation) : input.parentId;
    if (parentId !== null) {
      const parent = await store.message(userId, conversation.id, parentId);
      if (!parent) throw new NotFoundError('Parent message');
      if (parent.role === 'user') throw new ChatInputError('A user message cannot follow another user message.', 'invalid_parent');
      parentId = parent.id;
    }
    const model = await this.pickModel(input.model, conversation);
    const started = await store.startTurn({ userId, conversation, user: { content: input.content, parentId }, assistantParentId: null, model: model.id });
    return this.run(userId, started);
  }

  /** A new answer to a user message (`messageId` is that user message, or an assistant answer to replace with a sibling). */
  async regenerate(userId: string, input: { conversationId: string; messageId: string; model?: string }): Promise<StartedTurn> {
    const { store } = this.options;
    const conversation = await this.conversation(userId, input.conversationId);
    const target = await store.message(userId, conversation.id, input.messageId);
    if (!target) throw new NotFoundError('Message');
    const userMessageId = target.role === 'user' ? target.id : target.parentId;
    if (!userMessageId) throw new ChatInputError('This message has no question to answer again.', 'invalid_message');
    const model = await this.pickModel(input.model ?? (target.role === 'assistant' ? (target.model ?? undefined) : undefined), conversation);
    const started = await store.startTurn({ userId, conversation, user: null, assistantParentId: userMessageId, model: model.id });
    return this.run(userId, started);
  }

  /** Follows an answer after a reconnect: live from this process, else from the store. Null when the message is not this user's. */
  async follow(userId: string, input: { conversationId: string; messageId: string; lastEventId: number | null; signal: AbortSignal }) {
    const message = await this.options.store.message(userId, input.conversationId, input.messageId);
    if (!message || message.role !== 'assistant') return null;
    const live = this.options.streams.get(userId, message.id);
    return followMessage({ userId, live, store: this.options.store, message, lastEventId: input.lastEventId, signal: input.signal });
  }

  /** Stops a streaming answer; its text so far is kept with status `stopped`. */
  stop(userId: string, messageId: string): boolean {
    const stream = this.options.streams.get(userId, messageId);
    if (!stream || stream.done) return false;
    stream.abort.abort(new StopRequested());
    return true;
  }

  /** Continues an interrupted, failed or stopped answer from its text so far, in place. */
  async continue(userId: string, input: { conversationId: string; messageId: string }): Promise<StartedTurn> {
    const { store } = this.options;
    const conversation = await this.conversation(userId, input.conversationId);
    const target = await store.message(userId, conversation.id, input.messageId);
    if (!target || target.role !== 'assistant') throw new NotFoundError('Message');
    if (!target.content.trim()) throw new ChatInputError('This answer has no text to continue; regenerate it instead.', 'nothing_to_continue');
    const model = await this.pickModel(target.model ?? undefined, conversation);
    const reopened = await store.reopenForContinuation(userId, { conversationId: conversation.id, messageId: target.id, model: model.id });
    if (!reopened) throw new ChatInputError('This answer is being written already.', 'already_streaming', 409);
    return this.run(userId, { userMessage: null, ...reopened }, target.content);
  }

  private async run(userId: string, started: Omit<StartedTurn, 'stream'>, prefix = ''): Promise<StartedTurn> {
    const stream = this.options.streams.start(userId, started.assistantMessage.id, prefix);
    const all = await this.options.store.messages(userId, started.conversation.id);
    const thread = threadTo(all, started.assistantMessage.parentId ?? started.assistantMessage.id);
    // Detached on purpose: the answer keeps going if the client disconnects, and is persisted either way.
    void runTurn(this.turnDeps, { userId, started, stream, thread, prefix });
    return { ...started, stream };
  }

  private async conversation(userId: string, id: string): Promise<Conversation> {
    const conversation = await this.options.store.get(userId, id);
    if (!conversation) throw new NotFoundError('Conversation');
    return conversation;
  }

  /** The message a new user message should follow: the current leaf if it is an answer, else its parent. */
  private async currentUserParent(userId: string, conversation: Conversation): Promise<string | null> {
    if (!conversation.currentLeafId) return null;
    const leaf = await this.options.store.message(userId, conversation.id, conversation.currentLeafId);
    if (!leaf) return null;
    return leaf.role === 'user' ? leaf.parentId : leaf.id;
  }

  private async pickModel(requested: string | undefined, conversation: Conversation): Promise<{ id: string }> {
    const { models } = this.options;
    const id = requested || conversation.model || (await models.defaultModelId());
    if (!id) throw new ChatInputError('No model is available. Configure a provider or download the local model first.', 'no_model_configured', 400);
    await models.resolveListed(id); // throws UnknownModelError (404) before anything is written
    return { id };
  }
}

export { StopRequested };
