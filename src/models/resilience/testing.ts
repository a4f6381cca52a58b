// Test doubles for the resilience suites: models whose streams follow a script.
import { APICallError, type LanguageModelV3, type LanguageModelV3CallOptions, type LanguageModelV3Usage } from '@ai-sdk/provider';
import { abortReason, sleep as wait, type Part } from './stream-utils.js';

export type Step =
  | Part
  /** Pause before the next step (setTimeout, so fake timers drive it). */
  | { wait: number }
  /** The stream errors (a dropped connection). */
  | { throws: unknown }
  /** Nothing more until the request is aborted or the stream cancelled. */
  | { stall: true };

export type Script =
  /** doStream rejects (after `delay` ms). */
  | { fail: unknown; delay?: number }
  /** doStream resolves (after `delay` ms) with a stream of these steps. */
  | { steps: Step[]; delay?: number };

export interface ScriptedCall {
  options: LanguageModelV3CallOptions;
  /** The stream was cancelled by its consumer. */
  cancelled: boolean;
  /** The signal fired while the call was running. */
  readonly aborted: boolean;
}

export interface ScriptedModel extends LanguageModelV3 {
  calls: ScriptedCall[];
}

/** A model answering the n-th call with `scripts[n]` (the last one repeats) or `scripts(n, options)`. */
export function scriptedModel(
  scripts: Script[] | ((n: number, options: LanguageModelV3CallOptions) => Script),
  identity: { provider?: string; modelId?: string } = {},
): ScriptedModel {
  const calls: ScriptedCall[] = [];
  const pick = (n: number, options: LanguageModelV3CallOptions) =>
    typeof scripts === 'function' ? scripts(n, options) : scripts[Math.min(n, scripts.length - 1)];
  return {
    specificationVersion: 'v3',
    provider: identity.provider ?? 'test',
    modelId: identity.modelId ?? 'model',
    supportedUrls: {},
    calls,
    async doGenerate() {
      throw new Error('not scripted');
    },
    async doStream(options) {
      const signal = options.abortSignal;
      const call: ScriptedCall = {
        options,
        cancelled: false,
        get aborted() {
          return signal?.aborted ?? false;
        },
      };
      calls.push(call);
      const script = pick(calls.length - 1, options);
      if (script.delay) await wait(script.delay, signal);
      if ('fail' in script) throw script.fail;
      return { stream: scriptStream(script.steps, { signal, call }) };
    },
  };
}

function scriptStream(steps: Step[], ctx: { signal: AbortSignal | undefined; call: ScriptedCall }): ReadableStream<Part> {
  let index = 0;
  let release: (() => void) | undefined;
  return new ReadableStream<Part>(
    {
      async pull(controller) {
        const step = steps[index++];
        if (step === undefined) return controller.close();
        try {
          if ('wait' in step) await wait(step.wait, ctx.signal);
          else if ('stall' in step) await new Promise<void>((resolve, reject) => {
            release = resolve;
            ctx.signal?.addEventListener('abort', () => reject(abortReason(ctx.signal!)), { once: true });
          });
          else if ('throws' in step) throw step.throws;
          else return controller.enqueue(step);
        } catch (error) {
          return controller.error(error);
        }
        if (ctx.call.cancelled) return;
        // A pause or stall step emits nothing: go on with the next step.
        return this.pull!(controller);
      },
      cancel() {
        ctx.call.cancelled = true;
        release?.();
      },
    },
    { highWaterMark: 0 },
  );
}

export function usage(input: number, output: number): LanguageModelV3Usage {
  return {
    inputTokens: { total: input, noCache: input, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: output, text: output, reasoning: undefined },
  };
}

export function finish(u: LanguageModelV3Usage = usage(10, 5)): Part {
  return { type: 'finish', usage: u, finishReason: { unified: 'stop', raw: 'stop' } };
}

/** stream-start, one text block with these deltas, finish. */
export function textSteps(deltas: string[], options: { id?: string; usage?: LanguageModelV3Usage } = {}): Step[] {
  const id = options.id ?? 't0';
  return [
    { type: 'stream-start', warnings: [] },
    { type: 'text-start', id },
    ...deltas.map((delta): Part => ({ type: 'text-delta', id, delta })),
    { type: 'text-end', id },
    finish(options.usage),
  ];
}

/** A text block that breaks after `deltas` with `error` (an error part), or with a stream error when `as` is 'throw'. */
export function brokenSteps(deltas: string[], error: unknown, options: { id?: string; as?: 'part' | 'throw' } = {}): Step[] {
  const id = options.id ?? 't0';
  return [
    { type: 'stream-start', warnings: [] },
    { type: 'text-start', id },
    ...deltas.map((delta): Part => ({ type: 'text-delta', id, delta })),
    options.as === 'throw' ? { throws: error } : { type: 'error', error },
  ];
}

export function apiError(statusCode: number, headers?: Record<string, string>): APICallError {
  return new APICallError({
    message: `HTTP ${statusCode}`,
    url: 'http://upstream.test/v1/chat/completions',
    requestBodyValues: {},
    statusCode,
    responseHeaders: headers,
    responseBody: '{"error":{"message":"upstream said no"}}',
  });
}

/** What the AI SDK throws when the connection fails: an APICallError without status, the system error as cause. */
export function networkError(code: string): APICallError {
  const cause = Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code });
  return new APICallError({ message: `Cannot connect to API: ${cause.message}`, url: 'http://upstream.test', requestBodyValues: {}, cause, isRetryable: true });
}

/** The mid-stream error undici raises when the upstream closes the socket. */
export function terminated(): TypeError {
  return new TypeError('terminated', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
}

export async function collect(stream: ReadableStream<Part>): Promise<Part[]> {
  const parts: Part[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return parts;
    parts.push(value);
  }
}

export function textOf(parts: Part[]): string {
  return parts.map((p) => (p.type === 'text-delta' ? p.delta : '')).join('');
}

export const prompt: LanguageModelV3CallOptions['prompt'] = [{ role: 'user', content: [{ type: 'text', text: 'Hello?' }] }];
