import type { JSONValue, LanguageModelV3Prompt } from '@ai-sdk/provider';
import type { Logger } from 'pino';
import type { TurnGrounding } from '../documents/index.js';
import { reasonsNatively, TextSplicer, type ModelRegistry, type ReasoningEffort } from '../models/index.js';
import { buildPrompt, SYSTEM_PROMPT } from './build-prompt.js';
import type { ThreadSummary, TurnCompaction } from './compaction/index.js';
import type { ToolCallRecord } from '../tools/index.js';
import { streamStep } from './model-step.js';
import type { TurnTools } from './turn-tools.js';
import type { ConversationStore } from './conversation-store.js';
import { describeModelError } from './describe-model-error.js';
import { MAX_REASONING_CHARS, THINK_HARDER } from './reasoning.js';
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
  /** Tools the model may call, in a loop bounded in steps and time; null for none. */
  tools: TurnTools | null;
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
  /** Think harder: the model's own reasoning at this effort, or plan, draft and check in words. */
  reasoning?: ReasoningEffort | null;
  /** Passages of the conversation's files to cite (already in `system`), strict mode's decision, the check after. */
  grounding?: TurnGrounding | null;
  /**
   * The turn's start, when it is still being committed: nothing of the answer is written before it
   * lands, and nothing at all if it fails (the turn never started). Absent: committed already.
   */
  committed?: Promise<unknown>;
}

/** True once a commit has landed, false if it failed; never rejects. */
export const landed = (commit: Promise<unknown> | undefined): Promise<boolean> => (commit ? commit.then(() => true, () => false) : Promise.resolve(true));

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
  const toolCalls: ToolCallRecord[] = [];
  // Text after a round of tools starts a new paragraph, once some text comes.
  let paragraph = false;
  let reasoning = '';
  const startLanded = landed(turn.committed);
  const persist = partialWriter({ store, logger, userId, conversationId: started.conversation.id, messageId, initial: prefix, ready: startLanded });
  const timer = setInterval(() => persist(text), deps.flushIntervalMs);

  const emit = (delta: string) => {
    if (!delta) return;
    text += delta;
    stream.push({ type: 'delta', text: delta });
  };

  const grounding = turn.grounding ?? null;
  let verification: JSONValue | null = null;
  if (grounding?.sources.length) stream.push({ type: 'sources', sources: grounding.sources });
  try {
    const model = deps.models.resolve(modelId);
    // Strict mode and no support in the files: Redline says so; the model is not asked to guess.
    if (grounding?.abstain) throw new Abstained(grounding.abstention);
    // Only reads a summary written earlier: summarizing itself never runs before an answer.
    summary = (await deps.compaction?.summaryFor(userId, started.conversation.id, turn.thread)) ?? null;
    const effort = splicer ? null : (turn.reasoning ?? null);
    // A model that cannot reason by itself is asked to do it in words (split off as its reasoning).
    const inWords = !!effort && !reasonsNatively(model.kind, model.ref.slice(model.ref.indexOf(':') + 1));
    const system = inWords ? `${turn.system ?? SYSTEM_PROMPT}\n\n${THINK_HARDER}` : turn.system;
    const prompt: LanguageModelV3Prompt = buildPrompt(turn.thread, { maxTokens: deps.contextTokens, summary, system });
    // Continuing: the provider gets the answer so far as the assistant's partial turn.
    if (splicer) prompt.push({ role: 'assistant', content: [{ type: 'text', text: splicer.prefix }] });
    // Tools for models that can call them; a continuation finishes its text without them.
    const tools = deps.tools && !splicer && deps.tools.offeredTo(model) ? deps.tools : null;
    const deadline = Date.now() + (deps.tools?.budget.totalMs ?? 0);
    for (let step = 0; ; step++) {
      const offer = !!tools && step < tools.budget.maxSteps && Date.now() < deadline;
      const output = await streamStep({
        model: model.model,
        modelRef: model.id,
        prompt,
        tools: offer ? tools : null,
        reasoning: effort,
        signal: stream.abort.signal,
        onReasoning: (delta) => {
          if (reasoning.length >= MAX_REASONING_CHARS) return;
          reasoning += delta;
          stream.push({ type: 'reasoning', text: delta });
        },
        onText: (delta) => {
          if (paragraph && delta) {
            paragraph = false;
            if (text && !/\s$/.test(text)) emit('\n\n');
          }
          emit(splicer ? splicer.push(delta) : delta);
        },
      });
      usage = addUsage(usage, output.usage);
      failure ??= output.failure;
      if (output.redline) {
        answeredBy = typeof output.redline.provider === 'string' ? output.redline.provider : answeredBy;
        continuations = Array.isArray(output.redline.continuations) ? [...continuations, ...output.redline.continuations] : continuations;
        route ??= output.redline.route ?? null;
      }
      if (!tools || !offer || output.calls.length === 0 || failure) break;
      // The model asked for tools: run them (in parallel, each bounded), show them, and ask again with the results.
      for (const call of output.calls) stream.push({ type: 'tool', call: { id: call.toolCallId, name: call.toolName, input: safeJson(call.input), status: 'running' } });
      const results = await Promise.all(output.calls.map((call) => tools.runner.run(call, { userId, conversationId: started.conversation.id, signal: stream.abort.signal, step })));
      for (const { record } of results) {
        toolCalls.push(record);
        stream.push({ type: 'tool', call: { id: record.id, name: record.name, input: record.input, status: record.error ? 'error' : 'done', output: record.output, error: record.error, ms: record.ms } });
      }
      if (await startLanded) await store.setToolCalls(userId, messageId, toolCalls).catch((error: unknown) => logger.warn({ err: error, messageId }, 'could not save tool calls'));
      prompt.push({
        role: 'assistant',
        content: [...(output.text ? [{ type: 'text' as const, text: output.text }] : []), ...output.calls.map((call) => ({ type: 'tool-call' as const, toolCallId: call.toolCallId, toolName: call.toolName, input: safeJson(call.input) }))],
      });
      prompt.push({ role: 'tool', content: results.map((r) => r.part) });
      paragraph = true;
    }
    if (splicer) emit(splicer.flush());
    if (grounding && !failure && text) {
      // Each claim checked against the passages it cites, before the answer is final.
      const checked = await grounding.verify(text, { judge: model.kind === 'local' ? null : model.model, signal: stream.abort.signal });
      if (checked) {
        verification = checked as unknown as JSONValue;
        stream.push({ type: 'verification', verification: checked });
      }
    }
  } catch (error) {
    if (error instanceof Abstained) emit(error.message);
    else if (!(stream.abort.signal.reason instanceof StopRequested)) failure = describeModelError(error);
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
  if (toolCalls.length) metadata.toolCalls = toolCalls;
  if (reasoning) metadata.reasoning = { effort: turn.reasoning ?? null, text: reasoning.slice(0, MAX_REASONING_CHARS) };
  if (grounding) {
    metadata.sources = grounding.sources;
    metadata.grounding = { strict: grounding.strict, abstained: grounding.abstain };
    if (verification) metadata.verification = verification;
  }
  // The turn's start failed to commit: there is no message to finish, and the request itself failed.
  // The stream still ends with an error, so it reads as done (shutdown, a late reader).
  if (!(await startLanded)) {
    const error = { message: 'Could not save your message.', code: 'storage_error' };
    stream.push({ type: 'error', message: { ...started.assistantMessage, content: text, status: 'failed', error }, error });
    deps.streams.finish(stream);
    return;
  }
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

/** Strict mode's answer when the files hold no support: thrown past the model loop, emitted as the text. */
class Abstained extends Error {}

/** Usage summed over the model calls of a turn (tool rounds make several). */
function addUsage(total: Message['usage'], step: Message['usage']): Message['usage'] {
  if (!step) return total;
  if (!total) return step;
  const add = (a: number | null, b: number | null) => (a === null && b === null ? null : (a ?? 0) + (b ?? 0));
  return { inputTokens: add(total.inputTokens, step.inputTokens), outputTokens: add(total.outputTokens, step.outputTokens) };
}

/** A tool call's arguments as JSON when they parse, else the raw text. */
function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

/** Writes the partial answer when it changed, one write at a time; `idle()` waits for the last one. */
function partialWriter(options: { store: ConversationStore; logger: Logger; userId: string; conversationId: string; messageId: string; initial: string; ready: Promise<boolean> }) {
  let flushed = options.initial;
  let writing: Promise<void> = Promise.resolve();
  const write = (text: string) => {
    if (text === flushed) return;
    flushed = text;
    writing = writing.then(
      async () => {
        if (await options.ready) await options.store.savePartial(options.userId, { conversationId: options.conversationId, messageId: options.messageId }, text);
      },
    ).catch((error: unknown) => options.logger.warn({ err: error, messageId: options.messageId }, 'could not save partial answer'));
  };
  return Object.assign(write, { idle: () => writing });
}
