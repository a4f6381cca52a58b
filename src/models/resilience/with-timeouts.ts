import type { LanguageModelV3, LanguageModelV3CallOptions, LanguageModelV3GenerateResult, LanguageModelV3StreamResult } from '@ai-sdk/provider';
import { ModelTimeoutError, type TimeoutPhase } from './errors.js';
import { isContentPart, linkAbort, wrapModel, type LinkedAbort, type Part } from './stream-utils.js';

export interface TimeoutPolicy {
  /** From the call to the first content part (connection, queueing and prompt processing included). */
  firstTokenMs: number;
  /** Longest wait for the next part once output has started. */
  idleMs: number;
  /** The whole call. */
  totalMs: number;
}

export const defaultTimeoutPolicy: TimeoutPolicy = { firstTokenMs: 30_000, idleMs: 30_000, totalMs: 600_000 };

export interface TimeoutOptions extends Partial<TimeoutPolicy> {
  /** Named in the ModelTimeoutError ("provider:model"). */
  id?: string;
}

/**
 * Bounds a model's time to first token, silence between parts, and total time. The wrapped model gets
 * an AbortSignal linked to the caller's, and a timeout aborts it, so the HTTP request really stops.
 * A first-token timeout rejects doStream (or, once the stream exists, is an `error` part before any
 * content), which retry and fallback treat as retryable; a later timeout is an `error` part that ends the stream.
 *
 * @example withTimeouts(model, { firstTokenMs: 10_000 })
 */
export function withTimeouts(model: LanguageModelV3, options: TimeoutOptions = {}): LanguageModelV3 {
  const policy: TimeoutPolicy = {
    firstTokenMs: options.firstTokenMs ?? defaultTimeoutPolicy.firstTokenMs,
    idleMs: options.idleMs ?? defaultTimeoutPolicy.idleMs,
    totalMs: options.totalMs ?? defaultTimeoutPolicy.totalMs,
  };
  return wrapModel(model, {
    doStream: (callOptions) => new TimedStream(model, policy, options.id).start(callOptions),
    doGenerate: (callOptions) => generateWithTimeout(model, callOptions, { ms: policy.totalMs, id: options.id }),
  });
}

/**
 * One streaming call under the three clocks. There is one timer per call, never one per part: the
 * read path only records a timestamp, and the timer, when it fires, either expires the call or
 * re-arms itself for the nearest deadline.
 */
class TimedStream {
  private readonly startedAt = Date.now();
  private link!: LinkedAbort;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** When the timer fires; deadlines only move later, except once, at the first content part. */
  private armedFor = 0;
  /** 0 until the first content part. */
  private firstContentAt = 0;
  /** When the pending read started; 0 while not waiting on the provider (the consumer's pace is not silence). */
  private readingSince = 0;
  private expired: ModelTimeoutError | undefined;
  private onExpire: ((error: ModelTimeoutError) => void) | undefined;
  private done = false;

  constructor(
    private readonly model: LanguageModelV3,
    private readonly policy: TimeoutPolicy,
    private readonly id: string | undefined,
  ) {}

  async start(options: LanguageModelV3CallOptions): Promise<LanguageModelV3StreamResult> {
    this.link = linkAbort(options.abortSignal);
    this.link.signal.addEventListener('abort', this.stop, { once: true });
    this.arm(Math.min(this.policy.firstTokenMs, this.policy.totalMs));
    let result: LanguageModelV3StreamResult;
    try {
      result = await new Promise<LanguageModelV3StreamResult>((resolve, reject) => {
        this.onExpire = reject;
        Promise.resolve(this.model.doStream({ ...options, abortSignal: this.link.signal })).then((value) => {
          if (this.expired) value.stream.cancel(this.expired).catch(() => {});
          else resolve(value);
        }, reject);
      });
    } catch (error) {
      this.stop();
      throw this.expired ?? error;
    }
    const reader = result.stream.getReader();
    this.onExpire = (error) => void reader.cancel(error).catch(() => {});
    const stream = new ReadableStream<Part>({
      pull: async (controller) => {
        if (this.expired) return this.endWithTimeout(controller);
        this.readingSince = Date.now();
        let next: ReadableStreamReadResult<Part>;
        try {
          next = await reader.read();
        } catch (error) {
          if (this.expired) return this.endWithTimeout(controller);
          this.stop();
          this.link.dispose();
          controller.error(error);
          return;
        }
        this.readingSince = 0;
        if (this.expired) return this.endWithTimeout(controller);
        if (next.done) {
          this.stop();
          this.link.dispose();
          controller.close();
          return;
        }
        if (this.firstContentAt === 0 && isContentPart(next.value)) this.onFirstContent();
        controller.enqueue(next.value);
      },
      cancel: (reason) => {
        this.stop();
        this.link.abort(reason);
        this.link.dispose();
        return reader.cancel(reason);
      },
    });
    return { ...result, stream };
  }

  /** The clock changes from first-token to idle, whose deadline may be sooner than the armed one. */
  private onFirstContent(): void {
    const now = Date.now();
    this.firstContentAt = now;
    if (this.timer !== undefined && now + this.policy.idleMs < this.armedFor) {
      clearTimeout(this.timer);
      this.arm(this.policy.idleMs);
    }
  }

  private endWithTimeout(controller: ReadableStreamDefaultController<Part>): void {
    if (this.done) return;
    this.done = true;
    controller.enqueue({ type: 'error', error: this.expired });
    controller.close();
  }

  private arm(ms: number): void {
    this.armedFor = Date.now() + ms;
    this.timer = setTimeout(this.check, Math.max(0, ms));
    // A watchdog: the request's own socket keeps the process alive, not this timer.
    this.timer.unref?.();
  }

  private readonly check = () => {
    this.timer = undefined;
    if (this.expired || this.link.signal.aborted) return;
    const now = Date.now();
    const { firstTokenMs, idleMs, totalMs } = this.policy;
    let next = this.startedAt + totalMs;
    if (now >= next) return this.expire('total', totalMs);
    if (this.firstContentAt === 0) {
      const deadline = this.startedAt + firstTokenMs;
      if (now >= deadline) return this.expire('first-token', firstTokenMs);
      next = Math.min(next, deadline);
    } else if (this.readingSince !== 0) {
      const deadline = this.readingSince + idleMs;
      if (now >= deadline) return this.expire('idle', idleMs);
      next = Math.min(next, deadline);
    } else {
      next = Math.min(next, now + idleMs);
    }
    this.arm(next - now);
  };

  private expire(phase: TimeoutPhase, timeoutMs: number): void {
    this.expired = new ModelTimeoutError({ phase, timeoutMs, provider: this.id });
    this.link.abort(this.expired);
    this.link.dispose();
    this.onExpire?.(this.expired);
  }

  private readonly stop = () => {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  };
}

async function generateWithTimeout(
  model: LanguageModelV3,
  options: LanguageModelV3CallOptions,
  limit: { ms: number; id: string | undefined },
): Promise<LanguageModelV3GenerateResult> {
  const link = linkAbort(options.abortSignal);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new ModelTimeoutError({ phase: 'total', timeoutMs: limit.ms, provider: limit.id });
      link.abort(error);
      reject(error);
    }, limit.ms);
    timer.unref?.();
  });
  try {
    return await Promise.race([model.doGenerate({ ...options, abortSignal: link.signal }), timeout]);
  } finally {
    clearTimeout(timer);
    link.dispose();
  }
}
