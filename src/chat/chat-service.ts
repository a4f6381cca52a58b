import type { LanguageModelV3StreamPart } from '@ai-sdk/provider';
import type { Logger } from 'pino';
import type { ModelRegistry } from '../models/index.js';
import { buildPrompt, threadTo } from './build-prompt.js';
import type { ConversationStore } from './conversation-store.js';
import { describeModelError } from './describe-model-error.js';
import { followMessage } from './follow-message.js';
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
  private readonly flushIntervalMs: number;
  private readonly contextTokens: number;

  constructor(private readonly options: ChatServiceOptions) {
    this.flushIntervalMs = options.flushIntervalMs ?? 250;
    this.contextTokens = options.contextTokens ?? 24_000;
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

  private async run(userId: string, started: Omit<StartedTurn, 'stream'>): Promise<StartedTurn> {
    const stream = this.options.streams.start(userId, started.assistantMessage.id);
    const all = await this.options.store.messages(userId, started.conversation.id);
    const thread = threadTo(all, started.assistantMessage.parentId ?? started.assistantMessage.id);
    // Detached on purpose: the answer keeps going if the client disconnects, and is persisted either way.
    void this.generate({ userId, started, stream, thread });
    return { ...started, stream };
  }

  private async generate({ userId, started, stream, thread }: { userId: string; started: Omit<StartedTurn, 'stream'>; stream: ActiveStream; thread: Message[] }): Promise<void> {
    const { store, logger } = this.options;
    const messageId = started.assistantMessage.id;
    const modelId = started.assistantMessage.model ?? '';
    let text = '';
    let flushed = '';
    let usage: Message['usage'] = null;
    let failure: { message: string; code: string } | null = null;
    let flushing: Promise<void> = Promise.resolve();

    const flush = () => {
      if (text === flushed) return;
      const snapshot = text;
      flushing = flushing.then(() => store.savePartial(userId, messageId, snapshot)).then(
        () => void (flushed = snapshot),
        (error) => logger.warn({ err: error, messageId }, 'could not save partial answer'),
      );
    };
    const timer = setInterval(flush, this.flushIntervalMs);

    try {
      const model = this.options.models.resolve(modelId);
      const prompt = buildPrompt(thread, { maxTokens: this.contextTokens });
      const result = await model.model.doStream({ prompt, abortSignal: stream.abort.signal });
      const reader = result.stream.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        const part: LanguageModelV3StreamPart = value;
        if (part.type === 'text-delta') {
          if (part.delta) {
            text += part.delta;
            stream.push({ type: 'delta', text: part.delta });
          }
        } else if (part.type === 'finish') {
          usage = { inputTokens: part.usage.inputTokens.total ?? null, outputTokens: part.usage.outputTokens.total ?? null };
          if (part.finishReason.unified === 'error' && !failure) failure = { message: 'The model stopped with an error.', code: 'upstream_error' };
        } else if (part.type === 'error') {
          failure ??= describeModelError(part.error);
        }
      }
    } catch (error) {
      if (!(stream.abort.signal.reason instanceof StopRequested)) failure = describeModelError(error);
    } finally {
      clearInterval(timer);
    }

    await flushing;
    const stopped = stream.abort.signal.reason instanceof StopRequested;
    const status = stopped ? 'stopped' : failure ? 'failed' : 'complete';
    try {
      const message = await store.finishMessage(userId, messageId, { status, content: text, usage, error: stopped ? null : failure });
      const conversation = (await store.get(userId, started.conversation.id)) ?? started.conversation;
      if (failure && !stopped) {
        logger.warn({ messageId, model: modelId, error: failure }, 'model failed');
        stream.push({ type: 'error', message, error: failure });
      } else {
        stream.push({ type: 'done', message, conversation });
      }
    } catch (error) {
      logger.error({ err: error, messageId }, 'could not finalize answer');
      const message = { ...started.assistantMessage, content: text, status: 'failed' as const, error: { message: 'Could not save the answer.', code: 'storage_error' } };
      stream.push({ type: 'error', message, error: message.error });
    } finally {
      this.options.streams.finish(stream);
    }
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

/** The abort reason used when the user presses Stop (as opposed to a shutdown or a timeout). */
export class StopRequested extends Error {
  constructor() {
    super('Stopped by the user.');
    this.name = 'StopRequested';
  }
}
