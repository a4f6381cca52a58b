import type {
  JSONObject,
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3StreamPart,
  LanguageModelV3StreamResult,
  LanguageModelV3Usage,
  SharedV3ProviderMetadata,
} from '@ai-sdk/provider';

export type Part = LanguageModelV3StreamPart;
type Reader = ReadableStreamDefaultReader<Part>;

const noop = () => {};

/** True for parts that are output the user sees (or a tool call): the "first token" of a stream. */
export function isContentPart(part: Part): boolean {
  switch (part.type) {
    case 'text-delta':
    case 'reasoning-delta':
      return part.delta.length > 0;
    case 'tool-input-start':
    case 'tool-input-delta':
    case 'tool-call':
    case 'tool-result':
    case 'tool-approval-request':
    case 'file':
    case 'source':
      return true;
    default:
      return false;
  }
}

/** The reason a signal was aborted with, as something throwable. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** An AbortController that also aborts when `parent` does. Call dispose() when done so the parent holds no listener. */
export interface LinkedAbort {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
  dispose(): void;
}

export function linkAbort(parent: AbortSignal | undefined): LinkedAbort {
  const controller = new AbortController();
  const abort = (reason?: unknown) => controller.abort(reason);
  if (!parent) return { signal: controller.signal, abort, dispose: noop };
  if (parent.aborted) {
    controller.abort(abortReason(parent));
    return { signal: controller.signal, abort, dispose: noop };
  }
  const onAbort = () => controller.abort(abortReason(parent));
  parent.addEventListener('abort', onAbort, { once: true });
  return { signal: controller.signal, abort, dispose: () => parent.removeEventListener('abort', onAbort) };
}

/** Waits `ms`, or rejects with the abort reason as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A stream that has produced its first content part (or ended without any). */
export interface OpenedStream {
  result: LanguageModelV3StreamResult;
  /** Parts read so far, in order; the last one is the first content part unless `ended`. */
  head: Part[];
  reader: Reader;
  /** The stream ended while reading the head. */
  ended: boolean;
}

/**
 * Calls `doStream` and reads until the first content part. A failure before that (doStream throws, an
 * `error` part, the stream errors) rejects, with the stream cancelled: this is the point up to which a
 * call can be retried or sent elsewhere without the consumer noticing. Aborting `options.abortSignal`
 * rejects at once and cancels the stream, even if the model ignores its signal.
 */
export async function openUntilContent(model: LanguageModelV3, options: LanguageModelV3CallOptions): Promise<OpenedStream> {
  const signal = options.abortSignal;
  if (signal?.aborted) throw abortReason(signal);
  const result = await abortable(model.doStream(options), signal, (late) => void late.stream.cancel().catch(noop));
  const reader = result.stream.getReader();
  const head: Part[] = [];
  const onAbort = () => void reader.cancel(abortReason(signal!)).catch(noop);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (signal?.aborted) throw abortReason(signal);
      if (done) return { result, head, reader, ended: true };
      if (value.type === 'error') throw value.error;
      head.push(value);
      if (isContentPart(value)) return { result, head, reader, ended: false };
    }
  } catch (error) {
    reader.cancel(error).catch(noop);
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

function abortable<T>(promise: PromiseLike<T>, signal: AbortSignal | undefined, onLate: (value: T) => void): Promise<T> {
  if (!signal) return Promise.resolve(promise);
  return new Promise<T>((resolve, reject) => {
    let aborted = false;
    const onAbort = () => {
      aborted = true;
      reject(abortReason(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    Promise.resolve(promise).then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        if (aborted) onLate(value);
        else resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

export type RelayEnd = { type: 'done' } | { type: 'error'; error: unknown } | { type: 'cancel'; reason: unknown };

export interface RelayHooks {
  /** Sees every part; returns the part to emit (usually the same object) or undefined to drop it. */
  part?: (part: Part) => Part | undefined;
  /** Called once when the stream is done, errors, or is cancelled by the consumer. */
  end?: (end: RelayEnd) => void;
}

/**
 * A pull-based stream that emits `head` then the rest of `reader`: one read per part, no buffering
 * beyond the stream's own, so backpressure reaches the provider. Cancelling it cancels the source.
 */
export function relayStream(source: { head?: Part[]; reader: Reader; ended?: boolean }, hooks: RelayHooks = {}): ReadableStream<Part> {
  const head = source.head ?? [];
  const map = hooks.part;
  let index = 0;
  let finished = false;
  const finish = (end: RelayEnd) => {
    if (finished) return;
    finished = true;
    hooks.end?.(end);
  };
  return new ReadableStream<Part>({
    async pull(controller) {
      try {
        for (;;) {
          let value: Part;
          if (index < head.length) {
            value = head[index++];
          } else {
            if (source.ended) {
              finish({ type: 'done' });
              controller.close();
              return;
            }
            const result = await source.reader.read();
            if (finished) return; // cancelled while reading
            if (result.done) {
              finish({ type: 'done' });
              controller.close();
              return;
            }
            value = result.value;
          }
          const out = map ? map(value) : value;
          if (out !== undefined) {
            controller.enqueue(out);
            return;
          }
        }
      } catch (error) {
        if (finished) return;
        finish({ type: 'error', error });
        source.reader.cancel(error).catch(noop);
        controller.error(error);
      }
    },
    cancel(reason) {
      finish({ type: 'cancel', reason });
      return source.reader.cancel(reason);
    },
  });
}

/** Adds two usages field by field; a field unknown on both sides stays unknown. */
export function sumUsage(a: LanguageModelV3Usage, b: LanguageModelV3Usage): LanguageModelV3Usage {
  const add = (x: number | undefined, y: number | undefined) => (x === undefined && y === undefined ? undefined : (x ?? 0) + (y ?? 0));
  return {
    inputTokens: {
      total: add(a.inputTokens.total, b.inputTokens.total),
      noCache: add(a.inputTokens.noCache, b.inputTokens.noCache),
      cacheRead: add(a.inputTokens.cacheRead, b.inputTokens.cacheRead),
      cacheWrite: add(a.inputTokens.cacheWrite, b.inputTokens.cacheWrite),
    },
    outputTokens: {
      total: add(a.outputTokens.total, b.outputTokens.total),
      text: add(a.outputTokens.text, b.outputTokens.text),
      reasoning: add(a.outputTokens.reasoning, b.outputTokens.reasoning),
    },
  };
}

/** Usage with every count unknown. */
export function emptyUsage(): LanguageModelV3Usage {
  return {
    inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: undefined, text: undefined, reasoning: undefined },
  };
}

/** Returns provider metadata with `data` merged into our own `redline` key. */
export function withRedlineMetadata(metadata: SharedV3ProviderMetadata | undefined, data: JSONObject): SharedV3ProviderMetadata {
  return { ...metadata, redline: { ...metadata?.redline, ...data } };
}

/** A wrapper model that keeps the wrapped model's identity. */
export function wrapModel(model: LanguageModelV3, impl: Pick<LanguageModelV3, 'doGenerate' | 'doStream'>): LanguageModelV3 {
  return {
    specificationVersion: 'v3',
    provider: model.provider,
    modelId: model.modelId,
    get supportedUrls() {
      return model.supportedUrls;
    },
    doGenerate: impl.doGenerate,
    doStream: impl.doStream,
  };
}
