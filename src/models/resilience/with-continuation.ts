import type { LanguageModelV3, LanguageModelV3CallOptions, LanguageModelV3Prompt, LanguageModelV3Usage } from '@ai-sdk/provider';
import { classifyError } from './classify-error.js';
import { ModelTimeoutError } from './errors.js';
import { emptyUsage, linkAbort, openUntilContent, relayStream, sumUsage, withRedlineMetadata, wrapModel, type LinkedAbort, type Part } from './stream-utils.js';
import { defaultSpliceOptions, TextSplicer, type SpliceOptions } from './text-splice.js';
import type { Candidate, ResilienceEvents } from './types.js';

export interface ContinuationPolicy {
  enabled: boolean;
  /** Continuations per request. */
  maxContinuations: number;
}

export const defaultContinuationPolicy: ContinuationPolicy = { enabled: true, maxContinuations: 2 };

export interface ContinuationOptions {
  /** Who may continue a broken answer: the candidate that was answering first (once), then the others in order. */
  candidates: Candidate[];
  maxContinuations?: number;
  events?: Pick<ResilienceEvents, 'onContinuation' | 'onAttempt'>;
  splice?: Partial<SpliceOptions>;
  /** How long a broken stream is still read in the background for its usage (default 1000 ms). */
  drainMs?: number;
}

type Reader = ReadableStreamDefaultReader<Part>;
const noop = () => {};
const TOOL_PARTS = new Set<Part['type']>(['tool-input-start', 'tool-input-delta', 'tool-input-end', 'tool-call', 'tool-result', 'tool-approval-request']);

/**
 * Mid-stream continuation. When a stream breaks after some text (an `error` part, a stream error,
 * an idle timeout), the same request is sent again with the partial answer as an assistant message
 * (the provider continues the prefix), to the candidate that was answering (once) or the next one,
 * and the new text is spliced into the same output stream: overlap with what was sent is removed
 * (see TextSplicer), text part ids are kept, nothing is repeated or lost. At most `maxContinuations`
 * per request; never after a user abort, never once tools were called. The finish part carries
 * `providerMetadata.redline.continuations = [{ atChar, provider }]` and the usage of every attempt.
 *
 * @example withContinuation(withFallback(candidates), { candidates })
 */
export function withContinuation(model: LanguageModelV3, options: ContinuationOptions): LanguageModelV3 {
  return wrapModel(model, {
    doGenerate: (callOptions) => model.doGenerate(callOptions),
    async doStream(callOptions) {
      const result = await model.doStream(callOptions);
      return { ...result, stream: new ContinuedStream(result.stream, { callOptions, options }).readable };
    },
  });
}

/** Whether a mid-stream failure is worth continuing elsewhere. A total timeout is not: the budget is spent. */
export function shouldContinue(error: unknown): boolean {
  if (error instanceof ModelTimeoutError) return error.phase !== 'total';
  const { retryable, kind } = classifyError(error);
  return retryable && kind !== 'abort' && kind !== 'circuit_open';
}

class ContinuedStream {
  readonly readable: ReadableStream<Part>;
  private reader: Reader;
  private readonly signal: AbortSignal | undefined;
  private readonly max: number;
  private readonly splice: SpliceOptions;
  /** Reading a continuation rather than the original stream. */
  private continuing = false;
  /** We cancelled the stream we hold and found no continuation: end it ourselves. */
  private abandoned = false;
  // What the consumer has been sent.
  private readonly sent: string[] = [];
  private sawContent = false;
  private sawTool = false;
  private openTextId: string | null = null;
  private readonly textIds = new Set<string>();
  private readonly openReasoning = new Set<string>();
  private provider: string | undefined;
  private readonly continuations: { atChar: number; provider: string }[] = [];
  private readonly continuedOn = new Set<string>();
  // The current continuation.
  private splicer: TextSplicer | null = null;
  private readonly idMap = new Map<string, string>();
  private adoptOpenText = false;
  private brokenUsage: LanguageModelV3Usage | undefined;
  private readonly draining = new Set<Reader>();
  /** Aborts continuation attempts if the consumer cancels while one is starting (made on first use). */
  private attempts: LinkedAbort | undefined;
  private cancelled = false;

  constructor(
    source: ReadableStream<Part>,
    private readonly ctx: { callOptions: LanguageModelV3CallOptions; options: ContinuationOptions },
  ) {
    this.reader = source.getReader();
    this.signal = ctx.callOptions.abortSignal;
    this.max = ctx.options.maxContinuations ?? defaultContinuationPolicy.maxContinuations;
    this.splice = { ...defaultSpliceOptions, ...ctx.options.splice };
    this.readable = new ReadableStream<Part>({
      pull: (controller) => this.pull(controller),
      cancel: (reason) => {
        this.cancelled = true;
        this.attempts?.abort(reason);
        for (const reader of this.draining) reader.cancel(reason).catch(noop);
        return this.reader.cancel(reason);
      },
    });
  }

  private async pull(controller: ReadableStreamDefaultController<Part>): Promise<void> {
    for (;;) {
      let next: ReadableStreamReadResult<Part>;
      try {
        next = await this.reader.read();
      } catch (error) {
        if (await this.continueAfter(error, { controller, drain: false })) continue;
        if (this.cancelled) return;
        if (this.abandoned) return this.end(controller, error);
        this.attempts?.dispose();
        controller.error(error);
        return;
      }
      if (this.cancelled) return;
      if (next.done) {
        this.flushSplicer(controller);
        this.attempts?.dispose();
        controller.close();
        return;
      }
      const part = next.value;
      if (part.type === 'error') {
        if (await this.continueAfter(part.error, { controller, drain: true })) continue;
        if (this.cancelled) return;
        if (this.abandoned) return this.end(controller, part.error);
        controller.enqueue(part);
        return;
      }
      const out = this.continuing ? this.fromContinuation(part, controller) : this.fromOriginal(part);
      if (out !== undefined) {
        controller.enqueue(out);
        return;
      }
    }
  }

  /** The happy path: note what was sent, pass the part on untouched. */
  private fromOriginal(part: Part): Part {
    switch (part.type) {
      case 'text-delta':
        this.sent.push(part.delta);
        this.sawContent = true;
        return part;
      case 'reasoning-delta':
        this.sawContent = true;
        return part;
      case 'text-start':
        this.openTextId = part.id;
        this.textIds.add(part.id);
        return part;
      case 'text-end':
        if (this.openTextId === part.id) this.openTextId = null;
        return part;
      case 'reasoning-start':
        this.openReasoning.add(part.id);
        return part;
      case 'reasoning-end':
        this.openReasoning.delete(part.id);
        return part;
      case 'response-metadata':
        // Fallback names the candidate that answered; a provider's own model name is not a candidate id.
        if (part.modelId && this.ctx.options.candidates.some((c) => c.id === part.modelId)) this.provider = part.modelId;
        return part;
      case 'finish':
        return this.finish(part);
      default:
        if (TOOL_PARTS.has(part.type)) this.sawTool = true;
        return part;
    }
  }

  /** A continuation's part, made to look like the rest of the original stream. */
  private fromContinuation(part: Part, controller: ReadableStreamDefaultController<Part>): Part | undefined {
    switch (part.type) {
      case 'text-delta': {
        const text = this.splicer ? this.splicer.push(part.delta) : part.delta;
        if (text === '') return undefined;
        this.sent.push(text);
        // Edited in place rather than copied: this is the per-token path, and the part is ours alone.
        part.id = this.idMap.get(part.id) ?? this.openTextId ?? part.id;
        part.delta = text;
        return part;
      }
      case 'text-start': {
        if (this.adoptOpenText && this.openTextId !== null) {
          // The answer's text block is still open: the continuation's first block joins it.
          this.idMap.set(part.id, this.openTextId);
          this.adoptOpenText = false;
          return undefined;
        }
        this.adoptOpenText = false;
        const id = this.textIds.has(part.id) ? `${part.id}-c${this.continuations.length}` : part.id;
        this.idMap.set(part.id, id);
        this.textIds.add(id);
        this.openTextId = id;
        return id === part.id ? part : { ...part, id };
      }
      case 'text-end': {
        const id = this.idMap.get(part.id) ?? part.id;
        this.flushSplicer(controller, id);
        if (this.openTextId === id) this.openTextId = null;
        return id === part.id ? part : { ...part, id };
      }
      case 'finish':
        this.flushSplicer(controller);
        if (this.openTextId !== null) controller.enqueue({ type: 'text-end', id: this.openTextId });
        this.openTextId = null;
        return this.finish(part);
      // The consumer already has the stream's start and its reasoning; a second round of either would confuse it.
      case 'stream-start':
      case 'response-metadata':
      case 'reasoning-start':
      case 'reasoning-delta':
      case 'reasoning-end':
        return undefined;
      default:
        if (TOOL_PARTS.has(part.type)) this.sawTool = true;
        this.flushSplicer(controller);
        return part;
    }
  }

  private finish(part: Extract<Part, { type: 'finish' }>): Part {
    if (this.continuations.length === 0) return part;
    return {
      ...part,
      usage: this.brokenUsage ? sumUsage(this.brokenUsage, part.usage) : part.usage,
      providerMetadata: withRedlineMetadata(part.providerMetadata, { provider: this.provider ?? null, continuations: this.continuations }),
    };
  }

  /** Emits text the splicer held back, if the continuation's text ends while it is undecided. */
  private flushSplicer(controller: ReadableStreamDefaultController<Part>, id?: string): void {
    const text = this.splicer?.flush() ?? '';
    if (!text) return;
    let target = id ?? this.openTextId;
    if (target === null) {
      target = `continuation-${this.continuations.length}`;
      controller.enqueue({ type: 'text-start', id: target });
      this.openTextId = target;
      this.textIds.add(target);
    }
    this.sent.push(text);
    controller.enqueue({ type: 'text-delta', id: target, delta: text });
  }

  /** Starts a continuation after `error`; false when there is none to be had. */
  private async continueAfter(error: unknown, at: { controller: ReadableStreamDefaultController<Part>; drain: boolean }): Promise<boolean> {
    if (this.continuations.length >= this.max || !this.sawContent || this.sawTool || this.signal?.aborted || !shouldContinue(error)) return false;
    const { controller } = at;
    if (at.drain) this.drain(this.reader);
    else this.reader.cancel(error).catch(noop);
    this.flushSplicer(controller);
    for (const id of this.openReasoning) controller.enqueue({ type: 'reasoning-end', id });
    this.openReasoning.clear();

    const sent = this.sent.join('');
    this.sent.length = 0;
    this.sent.push(sent);
    const splicer = new TextSplicer(sent, this.splice);
    const { callOptions, options } = this.ctx;
    const base = { ...callOptions, prompt: splicer.prefix ? withAssistantPrefix(callOptions.prompt, splicer.prefix) : callOptions.prompt };
    const from = this.provider ?? 'unknown';
    this.attempts ??= linkAbort(this.signal);
    const signal = this.attempts.signal;
    for (const candidate of this.order()) {
      if (signal.aborted) break;
      this.continuedOn.add(candidate.id);
      options.events?.onAttempt?.({ id: candidate.id, reason: 'continuation' });
      let opened;
      try {
        const mapped = candidate.mapOptions ? candidate.mapOptions(base) : base;
        opened = await openUntilContent(candidate.model, { ...mapped, abortSignal: signal });
      } catch (failure) {
        if (signal.aborted || !classifyError(failure).retryable) break;
        continue;
      }
      if (this.cancelled) {
        opened.reader.cancel().catch(noop);
        return false;
      }
      options.events?.onContinuation?.({ from, to: candidate.id, atChar: sent.length, error });
      this.continuations.push({ atChar: sent.length, provider: candidate.id });
      controller.enqueue({ type: 'response-metadata', modelId: candidate.id });
      this.provider = candidate.id;
      this.reader = relayStream(opened).getReader();
      this.continuing = true;
      this.splicer = splicer;
      this.idMap.clear();
      this.adoptOpenText = this.openTextId !== null;
      return true;
    }
    this.abandoned = true;
    return false;
  }

  /** Continue on the candidate that broke (once), then the ones after it, then the ones before it. */
  private order(): Candidate[] {
    const { candidates } = this.ctx.options;
    const i = candidates.findIndex((c) => c.id === this.provider);
    if (i < 0) return candidates;
    const rest = [...candidates.slice(i + 1), ...candidates.slice(0, i)];
    return this.continuedOn.has(candidates[i].id) ? rest : [candidates[i], ...rest];
  }

  /**
   * A stream that sent an error part may still send its finish part, with the tokens it used: read it
   * in the background for a moment so usage can count the broken attempt, then cancel it.
   */
  private drain(reader: Reader): void {
    this.draining.add(reader);
    const timer = setTimeout(() => reader.cancel().catch(noop), this.ctx.options.drainMs ?? 1000);
    timer.unref?.();
    void (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          if (value.type === 'finish') this.brokenUsage = this.brokenUsage ? sumUsage(this.brokenUsage, value.usage) : value.usage;
        }
      } catch {
        // The broken stream failing again tells us nothing new.
      } finally {
        clearTimeout(timer);
        this.draining.delete(reader);
        reader.cancel().catch(noop);
      }
    })();
  }

  /** No continuation after we let go of the stream: report the error and finish the answer. */
  private end(controller: ReadableStreamDefaultController<Part>, error: unknown): void {
    this.attempts?.dispose();
    if (this.openTextId !== null) controller.enqueue({ type: 'text-end', id: this.openTextId });
    controller.enqueue({ type: 'error', error });
    controller.enqueue({
      type: 'finish',
      finishReason: { unified: 'error', raw: undefined },
      usage: this.brokenUsage ?? emptyUsage(),
      providerMetadata: { redline: { provider: this.provider ?? null, continuations: this.continuations } },
    });
    controller.close();
  }
}

/** The prompt with `text` as the start of the assistant's answer (appended to a trailing assistant message). */
export function withAssistantPrefix(prompt: LanguageModelV3Prompt, text: string): LanguageModelV3Prompt {
  const last = prompt.at(-1);
  if (last?.role === 'assistant') {
    const content = last.content.slice();
    const tail = content.at(-1);
    if (tail?.type === 'text') content[content.length - 1] = { ...tail, text: tail.text + text };
    else content.push({ type: 'text', text });
    return [...prompt.slice(0, -1), { ...last, content }];
  }
  return [...prompt, { role: 'assistant', content: [{ type: 'text', text }] }];
}
