import type { JSONValue, LanguageModelV3Prompt } from '@ai-sdk/provider';
import type { Logger } from 'pino';
import { TextSplicer, type ModelRegistry } from '../models/index.js';
import { buildPrompt } from './build-prompt.js';
import type { ThreadSummary, TurnCompaction } from './compaction/index.js';
import type { ConversationStore } from './conversation-store.js';
import { describeModelError } from './describe-model-error.js';
import type { ActiveStream, StreamRegistry } from './stream-registry.js';
import type { Conversation, Message, ThreadMessage } from './types.js';

/** The abort reason used when the user presses Stop (as opposed to a shutdown or a timeout). */
export class StopRequested extends Error {
  constructor() {
    super('Stopped by the user.');
    this.name = 'StopRequested';
  }
}

export interface TurnDeps {
  store: ConversationStore;
  models: ModelRegistry;
  streams: StreamRegistry;
  logger: Logger;
  flushIntervalMs: number;
  contextTokens: number;
  /** Rolling summaries of long threads; null sends the newest turns that fit and drops the rest. */
  compaction: TurnCompaction | null;
}

export interface Turn {
  userId: string;
  started: { assistantMessage: Message; conversation: Conversation };
  stream: ActiveStream;
  /** Messages from the root to the user message being answered. */
  thread: ThreadMessage[];
  /** Text already in the answer, when continuing it. */
  prefix: string;
  /** The system prompt with the user's personal section (instructions, style, recall); default SYSTEM_PROMPT. */
  system?: string;
}

/**
 * Runs the model for one answer: streams deltas to the registry, writes the partial text every
 * `flushIntervalMs` (never per token), and finalizes the message as complete, stopped or failed.
 */
export async function runTurn(deps: TurnDeps, turn: Turn): Promise<void> {
  const { store, logger } = deps;
  const { userId, stream, started, prefix } = turn;
  const messageId = started.assistantMessage.id;
  const modelId = started.assistantMessage.model ?? '';
  const splicer = prefix ? new TextSplicer(prefix) : null;
  let text = prefix;
  let usage: Message['usage'] = null;
  let failure: { message: string; code: string } | null = null;
  let answeredBy: string | null = null;
  let continuations: JSONValue[] = [];
  let route: JSONValue | null = null;
  let summary: ThreadSummary | null = null;
  const persist = partialWriter({ store, logger, userId, messageId, initial: prefix });
  const timer = setInterval(() => persist(text), deps.flushIntervalMs);

  const emit = (delta: string) => {
    if (!delta) return;
    text += delta;
    stream.push({ type: 'delta', text: delta });
  };

  try {
    const model = deps.models.resolve(modelId);
    // Only reads a summary written earlier: summarizing itself never runs before an answer.
    summary = (await deps.compaction?.summaryFor(userId, started.conversation.id, turn.thread)) ?? null;
    const prompt: LanguageModelV3Prompt = buildPrompt(turn.thread, { maxTokens: deps.contextTokens, summary, system: turn.system });
    // Continuing: the provider gets the answer so far as the assistant's partial turn.
    if (splicer) prompt.push({ role: 'assistant', content: [{ type: 'text', text: splicer.prefix }] });
    const result = await model.model.doStream({ prompt, abortSignal: stream.abort.signal });
    const reader = result.stream.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      const part = read.value;
      switch (part.type) {
        case 'text-delta':
          emit(splicer ? splicer.push(part.delta) : part.delta);
          break;
        case 'finish': {
          usage = { inputTokens: part.usage.inputTokens.total ?? null, outputTokens: part.usage.outputTokens.total ?? null };
          if (part.finishReason.unified === 'error') failure ??= { message: 'The model stopped with an error.', code: 'upstream_error' };
          const redline = part.providerMetadata?.redline;
          if (redline) {
            answeredBy = typeof redline.provider === 'string' ? redline.provider : null;
            continuations = Array.isArray(redline.continuations) ? redline.continuations : [];
            route = redline.route ?? null;
          }
          break;
        }
        case 'error':
          failure ??= describeModelError(part.error);
          break;
        default:
          break;
      }
    }
    if (splicer) emit(splicer.flush());
  } catch (error) {
    if (!(stream.abort.signal.reason instanceof StopRequested)) failure = describeModelError(error);
  } finally {
    clearInterval(timer);
  }

  const stopped = stream.abort.signal.reason instanceof StopRequested;
  const status = stopped ? 'stopped' : failure ? 'failed' : 'complete';
  const metadata: Record<string, unknown> = { ...(started.assistantMessage.metadata ?? {}) };
  if (answeredBy) metadata.answeredBy = answeredBy;
  if (route) metadata.route = route;
  if (continuations.length) metadata.continuations = [...asArray(metadata.continuations), ...continuations];
  if (prefix) metadata.continuations = [...asArray(metadata.continuations), { atChar: prefix.length, reason: 'resumed' }];
  try {
    await persist.idle();
    const message = await store.finishMessage(userId, messageId, { status, content: text, usage, error: stopped ? null : failure, metadata });
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
    deps.streams.finish(stream);
  }
  if (status === 'complete' && deps.compaction) {
    // After the answer has streamed: a compaction job, when the thread outgrew its trigger.
    const thread = [...turn.thread, { ...started.assistantMessage, content: text, status: 'complete' as const }];
    deps.compaction
      .afterTurn(userId, { conversationId: started.conversation.id, thread, summary, model: modelId || null })
      .catch((error: unknown) => logger.warn({ err: error, messageId }, 'could not enqueue compaction'));
  }
}

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Writes the partial answer when it changed, one write at a time; `idle()` waits for the last one. */
function partialWriter(options: { store: ConversationStore; logger: Logger; userId: string; messageId: string; initial: string }) {
  let flushed = options.initial;
  let writing: Promise<void> = Promise.resolve();
  const write = (text: string) => {
    if (text === flushed) return;
    flushed = text;
    writing = writing.then(
      () => options.store.savePartial(options.userId, options.messageId, text),
    ).catch((error: unknown) => options.logger.warn({ err: error, messageId: options.messageId }, 'could not save partial answer'));
  };
  return Object.assign(write, { idle: () => writing });
}
