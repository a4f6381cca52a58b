import { randomUUID } from 'node:crypto';
import type { LanguageModelV3FinishReason, LanguageModelV3StreamPart, LanguageModelV3Usage, SharedV3Warning } from '@ai-sdk/provider';
import type { ChatHistoryItem, LlamaChat, LlamaChatResponseChunk } from 'node-llama-cpp';
import { llamaModule } from './llama-module.js';
import { LocalGenerationError } from './errors.js';
import type { LocalGenerationSettings } from './generation-options.js';
import type { LoadedModel, SequenceLease } from './loaded-model.js';

type Emit = (part: LanguageModelV3StreamPart) => void;

/** Everything one generation needs; the prompt is already converted and the model loaded. */
export interface GenerationRequest {
  loaded: LoadedModel;
  modelId: string;
  history: ChatHistoryItem[];
  settings: LocalGenerationSettings;
  warnings: SharedV3Warning[];
  abortSignal?: AbortSignal;
}

const TEXT_ID = 'text-0';

/**
 * Runs one generation and streams V3 parts as node-llama-cpp produces them.
 *
 * Abort (the caller's signal, or cancelling the stream) stops sampling before the next token and
 * ends the stream normally with `finish` { unified: 'other', raw: 'abort' } and the usage so far,
 * so the caller keeps the partial text. Failures inside llama.cpp send an `error` part, then
 * `finish` with { unified: 'error' }.
 */
export function createGenerationStream(request: GenerationRequest): ReadableStream<LanguageModelV3StreamPart> {
  const cancel = new AbortController();
  const signal = request.abortSignal ? AbortSignal.any([request.abortSignal, cancel.signal]) : cancel.signal;
  let closed = false;
  return new ReadableStream<LanguageModelV3StreamPart>({
    start(controller) {
      const emit: Emit = (part) => {
        if (!closed) controller.enqueue(part);
      };
      emit({ type: 'stream-start', warnings: request.warnings });
      // Not awaited: start() must return so the consumer can read parts while generation runs.
      void generate(request, signal, emit)
        .catch((error: unknown) => emitFailure(emit, { modelRef: request.modelId, error, usage: { input: 0, output: 0, reasoning: 0 } }))
        .finally(() => {
          if (closed) return;
          closed = true;
          controller.close();
        });
    },
    cancel(reason) {
      closed = true;
      cancel.abort(reason);
    },
  });
}

async function generate(request: GenerationRequest, signal: AbortSignal, emit: Emit): Promise<void> {
  let lease: SequenceLease;
  try {
    lease = await request.loaded.acquire(signal);
  } catch (error) {
    if (signal.aborted) {
      emit(finishPart({ unified: 'other', raw: 'abort' }, { input: 0, output: 0, reasoning: 0 }));
    } else {
      emitFailure(emit, { modelRef: request.modelId, error, usage: { input: 0, output: 0, reasoning: 0 } });
    }
    return;
  }

  const parts = new PartWriter(emit);
  let chat: LlamaChat | undefined;
  let stopReason: string | undefined;
  let failure: unknown;
  let usage: TokenCounts;
  try {
    emit({ type: 'response-metadata', id: `local-${randomUUID()}`, timestamp: new Date(), modelId: request.modelId });
    const { LlamaChat: Chat } = await llamaModule();
    chat = new Chat({ contextSequence: lease.sequence, chatWrapper: request.loaded.chatWrapper });
    const result = await chat.generateResponse(request.history, {
      ...request.settings,
      signal,
      // Returns the text so far instead of throwing once tokens were generated.
      stopOnAbortSignal: true,
      onResponseChunk: (chunk) => parts.write(chunk),
    });
    stopReason = result.metadata.stopReason;
  } catch (error) {
    // An abort during prompt evaluation throws even with stopOnAbortSignal.
    if (signal.aborted) stopReason = 'abort';
    else failure = error;
  } finally {
    const meter = lease.sequence.tokenMeter;
    usage = { input: meter.usedInputTokens, output: meter.usedOutputTokens, reasoning: parts.reasoningTokens };
    chat?.dispose();
    lease.release();
  }

  parts.closeAll();
  if (failure !== undefined) emitFailure(emit, { modelRef: request.modelId, error: failure, usage });
  else emit(finishPart(mapStopReason(stopReason), usage));
}

/** Opens and closes text and reasoning parts around node-llama-cpp's chunks. */
class PartWriter {
  reasoningTokens = 0;
  #textOpen = false;
  #reasoningId: string | null = null;
  #reasoningCount = 0;
  readonly #emit: Emit;

  constructor(emit: Emit) {
    this.#emit = emit;
  }

  write(chunk: LlamaChatResponseChunk): void {
    if (chunk.type === 'segment') {
      this.#writeSegment(chunk.text, chunk.tokens.length, chunk.segmentEndTime != null);
      return;
    }
    if (chunk.text === '') return;
    this.#closeReasoning();
    if (!this.#textOpen) {
      this.#textOpen = true;
      this.#emit({ type: 'text-start', id: TEXT_ID });
    }
    this.#emit({ type: 'text-delta', id: TEXT_ID, delta: chunk.text });
  }

  closeAll(): void {
    this.#closeReasoning();
    if (this.#textOpen) this.#emit({ type: 'text-end', id: TEXT_ID });
    this.#textOpen = false;
  }

  // Thought segments (and Harmony comments) are not the answer: they go out as reasoning.
  #writeSegment(text: string, tokens: number, ended: boolean): void {
    this.reasoningTokens += tokens;
    if (text !== '') {
      if (this.#reasoningId === null) {
        this.#reasoningId = `reasoning-${this.#reasoningCount++}`;
        this.#emit({ type: 'reasoning-start', id: this.#reasoningId });
      }
      this.#emit({ type: 'reasoning-delta', id: this.#reasoningId, delta: text });
    }
    if (ended) this.#closeReasoning();
  }

  #closeReasoning(): void {
    if (this.#reasoningId === null) return;
    this.#emit({ type: 'reasoning-end', id: this.#reasoningId });
    this.#reasoningId = null;
  }
}

function mapStopReason(stopReason: string | undefined): LanguageModelV3FinishReason {
  switch (stopReason) {
    case 'eogToken':
    case 'stopGenerationTrigger':
    case 'customStopTrigger':
      return { unified: 'stop', raw: stopReason };
    case 'maxTokens':
      return { unified: 'length', raw: stopReason };
    case 'functionCalls':
      return { unified: 'tool-calls', raw: stopReason };
    default:
      return { unified: 'other', raw: stopReason };
  }
}

function emitFailure(emit: Emit, failure: { modelRef: string; error: unknown; usage: TokenCounts }): void {
  emit({ type: 'error', error: new LocalGenerationError({ modelRef: failure.modelRef, cause: failure.error }) });
  emit(finishPart({ unified: 'error', raw: undefined }, failure.usage));
}

interface TokenCounts {
  input: number;
  output: number;
  reasoning: number;
}

function finishPart(finishReason: LanguageModelV3FinishReason, counts: TokenCounts): LanguageModelV3StreamPart {
  return { type: 'finish', finishReason, usage: toUsage(counts) };
}

/** Each generation starts on a fresh sequence, so nothing is ever read from a prompt cache. */
function toUsage({ input, output, reasoning }: TokenCounts): LanguageModelV3Usage {
  return {
    inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: undefined },
    outputTokens: { total: output, text: Math.max(0, output - reasoning), reasoning },
    raw: { inputTokens: input, outputTokens: output },
  };
}
