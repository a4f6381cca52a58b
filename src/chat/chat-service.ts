import type { Logger } from 'pino';
import type { DocumentsService, TurnGrounding } from '../documents/index.js';
import type { MemoryService } from '../memory/index.js';
import type { ModelRegistry, ReasoningEffort } from '../models/index.js';
import { SYSTEM_PROMPT, threadTo } from './build-prompt.js';
import type { TurnCompaction } from './compaction/index.js';
import type { ConversationStore, TurnPlan } from './conversation-store.js';
import { followMessage } from './follow-message.js';
import { nextRequestSent } from './next-request-sent.js';
import type { PendingContext } from './personal-context.js';
import { landed, runTurn, StopRequested, type Turn, type TurnDeps } from './run-turn.js';
import type { ActiveStream, StreamRegistry } from './stream-registry.js';
import { TurnMemory } from './turn-memory.js';
import type { TurnTools } from './turn-tools.js';
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
  /** Long-term memory and personalization for app turns; without it, turns use the plain system prompt. */
  memory?: { service: MemoryService; recallTimeoutMs?: number; extractionModel?: string | null } | null;
  /** Rolling summaries of long threads (jobs after turns); without it, long threads are truncated. */
  compaction?: TurnCompaction | null;
  /** Tools offered to models in app turns; without them, answers are text only. */
  tools?: TurnTools | null;
  /** Projects' and conversations' files: passages to cite, strict mode, verification. */
  documents?: DocumentsService | null;
}

/** How long a stop request waits for the stopped answer to be stored before it answers anyway. */
const STOP_WAIT_MS = 5000;

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
  private readonly memory: TurnMemory | null;

  constructor(private readonly options: ChatServiceOptions) {
    const m = options.memory;
    this.memory = m
      ? new TurnMemory({ memory: m.service, store: options.store, streams: options.streams, logger: options.logger, recallTimeoutMs: m.recallTimeoutMs ?? 300, extractionModel: m.extractionModel ?? null })
      : null;
    this.turnDeps = {
      store: options.store,
      models: options.models,
      streams: options.streams,
      logger: options.logger,
      flushIntervalMs: options.flushIntervalMs ?? 250,
      contextTokens: options.contextTokens ?? 24_000,
      compaction: options.compaction ?? null,
      tools: options.tools ?? null,
    };
  }

  /** Sends a user message. `parentId` undefined continues the current thread; null starts a new root (edit of the first message). */
  async send(userId: string, input: { conversationId: string; content: string; parentId?: string | null; model?: string; reasoning?: ReasoningEffort }): Promise<StartedTurn> {
    const { store } = this.options;
    const conversation = await this.conversation(userId, input.conversationId);
    let parentId = input.parentId === undefined ? await this.currentUserParent(userId, conversation) : input.parentId;
    if (parentId !== null) {
      const parent = await store.messageHead(userId, conversation.id, parentId);
      if (!parent) throw new NotFoundError('Parent message');
      if (parent.role === 'user') throw new ChatInputError('A user message cannot follow another user message.', 'invalid_parent');
      parentId = parent.id;
    }
    const command = this.memory?.isCommand(input.content) ?? false;
    // A memory command needs no model: Redline answers it itself, even with none configured.
    const model = command ? await this.pickModel(input.model, conversation).catch(() => null) : await this.pickModel(input.model, conversation);
    // Recall starts now; it is awaited only right before the model call.
    const recall = command ? undefined : this.memory?.recall(userId, { conversation, query: input.content });
    // The turn's start is committed beside the model call, not in front of it (see `run`).
    const plan = store.planTurn({ userId, conversation, user: { content: input.content, parentId }, assistantParentId: null, model: model?.id ?? null });
    return this.run(userId, plan, { recall, command, reasoning: input.reasoning, plan });
  }

  /** After a rating: the style profile may learn from its reason. */
  async rated(userId: string, input: { conversationId: string; feedback: { rating: 'up' | 'down'; reason: string | null } | null }): Promise<void> {
    if (!this.memory || !input.feedback) return;
    const conversation = await this.options.store.get(userId, input.conversationId);
    if (conversation) await this.memory.rated(userId, { conversation, feedback: input.feedback });
  }

  /** A new answer to a user message (`messageId` is that user message, or an assistant answer to replace with a sibling). */
  async regenerate(userId: string, input: { conversationId: string; messageId: string; model?: string; reasoning?: ReasoningEffort }): Promise<StartedTurn> {
    const { store } = this.options;
    const conversation = await this.conversation(userId, input.conversationId);
    const target = await store.message(userId, conversation.id, input.messageId);
    if (!target) throw new NotFoundError('Message');
    const userMessageId = target.role === 'user' ? target.id : target.parentId;
    if (!userMessageId) throw new ChatInputError('This message has no question to answer again.', 'invalid_message');
    const model = await this.pickModel(input.model ?? (target.role === 'assistant' ? (target.model ?? undefined) : undefined), conversation);
    const started = await store.startTurn({ userId, conversation, user: null, assistantParentId: userMessageId, model: model.id });
    if (target.role === 'assistant') this.memory?.regenerated(userId, conversation);
    return this.run(userId, started, { reasoning: input.reasoning });
  }

  /** Follows an answer after a reconnect: live from this process, else from the store. Null when the message is not this user's. */
  async follow(userId: string, input: { conversationId: string; messageId: string; lastEventId: number | null; signal: AbortSignal }) {
    const message = await this.options.store.message(userId, input.conversationId, input.messageId);
    if (!message || message.role !== 'assistant') return null;
    const live = this.options.streams.get(userId, message.id);
    return followMessage({ userId, live, store: this.options.store, message, lastEventId: input.lastEventId, signal: input.signal });
  }

  /**
   * Stops a streaming answer; its text so far is kept with status `stopped`. Returns once that is
   * stored, so a reload right after the click shows the answer stopped (bounded: a slow store does
   * not hold the click for long).
   */
  async stop(userId: string, messageId: string): Promise<boolean> {
    const stream = this.options.streams.get(userId, messageId);
    if (!stream || stream.done) return false;
    stream.abort.abort(new StopRequested());
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([stream.ended, new Promise((resolve) => (timer = setTimeout(resolve, STOP_WAIT_MS)))]);
    clearTimeout(timer);
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
    return this.run(userId, { userMessage: null, ...reopened }, { prefix: target.content });
  }

  /**
   * Streams the answer to a started turn. With a `plan`, the turn's start is not committed yet: the
   * answer is prepared and the model called while it commits, and this returns once it has (so the
   * client hears of the turn only when nothing it sent can be lost). Nothing of the answer is written
   * before that commit, and if it fails the answer is dropped and the error thrown.
   */
  private async run(
    userId: string,
    started: Omit<StartedTurn, 'stream'>,
    options: { prefix?: string; recall?: PendingContext; command?: boolean; reasoning?: ReasoningEffort; plan?: TurnPlan } = {},
  ): Promise<StartedTurn> {
    const prefix = options.prefix ?? '';
    const stream = this.options.streams.start(userId, started.assistantMessage.id, prefix);
    const planned = options.plan ? [options.plan.userMessage, options.plan.assistantMessage].flatMap((msg) => (msg ? [msg] : [])) : [];
    // Before the commit the stored thread lacks the turn's own messages; after it, it has them once.
    const stored = await this.options.store.threadMessages(userId, started.conversation.id);
    const all = planned.length ? [...stored.filter((msg) => !planned.some((p) => p.id === msg.id)), ...planned] : stored;
    // An edit is a user message beside another one under the same parent: the style profile may learn
    // from what the new wording adds ("…, briefly").
    const sent = started.userMessage;
    const edit = sent ? { text: sent.content, before: all.filter((msg) => msg.role === 'user' && msg.parentId === sent.parentId && msg.id !== sent.id).map((msg) => msg.content) } : null;
    const thread = threadTo(all, started.assistantMessage.parentId ?? started.assistantMessage.id);
    // Retrieval from the files starts now, beside memory recall; a continuation keeps the sources it had.
    const grounding = this.options.documents && !options.command && !prefix ? this.ground(userId, started.conversation, { thread, signal: stream.abort.signal }) : null;
    const committed = options.plan ? this.commit(options.plan, [options.recall, grounding]) : Promise.resolve(started);
    // Detached on purpose: the answer keeps going if the client disconnects, and is persisted either way.
    void this.answer({ userId, started, stream, thread, prefix, reasoning: options.reasoning ?? null, committed }, { ...options, edit, grounding });
    try {
      return { ...(await committed), stream };
    } catch (error) {
      stream.abort.abort(error);
      throw error;
    }
  }

  /**
   * Commits a planned turn start. On a server it goes at once, on a connection of its own. The
   * embedded store runs one query at a time, in this thread: there it waits for the turn's reads
   * (recall, files; 25 ms at most), then for the model request to be on the wire (10 ms at most),
   * and so runs while the model thinks rather than in front of it.
   */
  private commit(plan: TurnPlan, reads: (Promise<unknown> | null | undefined)[]): Promise<Omit<StartedTurn, 'stream'>> {
    const { store } = this.options;
    if (!store.singleWriter) return store.startTurn(plan);
    const pending = reads.filter((read): read is Promise<unknown> => !!read);
    let timer: NodeJS.Timeout | undefined;
    const soon = new Promise<void>((resolve) => (timer = setTimeout(resolve, 25)));
    return Promise.race([Promise.allSettled(pending), soon])
      .then(() => {
        clearTimeout(timer);
        return nextRequestSent(10);
      })
      .then(() => store.startTurn(plan));
  }

  /** The answer with memory: a command answered by Redline, or the model with the personal context; then extraction. */
  private async answer(turn: Turn, options: { recall?: PendingContext; command?: boolean; edit?: { text: string; before: string[] } | null; grounding?: Promise<TurnGrounding | null> | null }): Promise<void> {
    const memory = this.memory;
    if (!memory) {
      const grounding = await options.grounding;
      return runTurn(this.turnDeps, { ...turn, grounding, system: withSection(SYSTEM_PROMPT, grounding) });
    }
    const { userId, started, stream } = turn;
    const last = turn.thread.at(-1);
    const userMessage = last?.role === 'user' ? last : null;
    const ref = { userId, conversation: started.conversation, assistantMessage: started.assistantMessage, stream };
    if (options.command && userMessage) {
      if (!(await landed(turn.committed))) return;
      const answered = await memory.answerCommand(ref, { text: userMessage.content, userMessageId: userMessage.id }).catch((error: unknown) => {
        this.options.logger.warn({ err: error }, 'memory command failed; the model answers instead');
        return false;
      });
      if (answered) return;
    }
    const [context, grounding] = await Promise.all([options.recall ?? memory.recall(userId, { conversation: started.conversation, query: userMessage?.content ?? '' }), options.grounding]);
    // What an earlier attempt used is not what this one uses (continue, retry).
    const { memories: _m, episodes: _e, ...kept } = started.assistantMessage.metadata ?? {};
    const assistantMessage = { ...started.assistantMessage, metadata: { ...kept, ...context.metadata } };
    await runTurn(this.turnDeps, { ...turn, started: { ...started, assistantMessage }, system: withSection(context.system, grounding), grounding });
    if (!(await landed(turn.committed))) return;
    memory.used(userId, context.stale);
    await memory.afterAnswer({ userId, conversation: started.conversation, stream }, { userMessage }).catch((error: unknown) => this.options.logger.warn({ err: error }, 'could not enqueue memory extraction'));
    // After the answer, never before it: the look back over recent edits is a query of its own.
    if (options.edit?.before.length) memory.edited(userId, { conversation: started.conversation, ...options.edit });
  }

  /** The turn's passages: the user's message, with the one before when it is a short follow-up ("and for hotels?"). */
  private ground(userId: string, conversation: Conversation, { thread, signal }: { thread: { role: string; content: string }[]; signal: AbortSignal }): Promise<TurnGrounding | null> {
    const asked = thread.filter((m) => m.role === 'user').slice(-2);
    const last = asked.at(-1)?.content ?? '';
    const question = asked.length === 2 && isFollowUp(last) ? `${asked[0].content}\n${last}` : last;
    return this.options.documents!.ground(userId, conversation, { question, signal }).catch((error: unknown) => {
      this.options.logger.warn({ err: error }, 'document retrieval failed; answering without the files');
      return null;
    });
  }

  private async conversation(userId: string, id: string): Promise<Conversation> {
    const conversation = await this.options.store.get(userId, id);
    if (!conversation) throw new NotFoundError('Conversation');
    return conversation;
  }

  /** The message a new user message should follow: the current leaf if it is an answer, else its parent. */
  private async currentUserParent(userId: string, conversation: Conversation): Promise<string | null> {
    if (!conversation.currentLeafId) return null;
    const leaf = await this.options.store.messageHead(userId, conversation.id, conversation.currentLeafId);
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

/** A short question that leans on the one before: "and for hotels?", "what about it in 2023?". */
function isFollowUp(text: string): boolean {
  return text.split(/\s+/).length < 8 && /^(and|but|also|or|what about|how about)\b|\b(it|its|that|this|they|them|those|these|there|same)\b/i.test(text.trim());
}

/** The system prompt with the turn's sources section, when it has one. */
function withSection(system: string, grounding: TurnGrounding | null | undefined): string {
  return grounding?.section ? `${system}\n\n${grounding.section}` : system;
}
