import { APICallError, InvalidResponseDataError } from '@ai-sdk/provider';
import { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import { Agent, type Dispatcher } from 'undici';
import { AllCandidatesFailedError, classifyError, healthyFirst, ModelTimeoutError, retryDelay, sleep, type CircuitBreaker } from '../resilience/index.js';
import { firstOutput } from './sse-head.js';
import type { RelayRoute, RelayTarget } from './relay-route.js';

/** Keep-alive connection pools to every upstream origin, shared by all relayed requests. */
const dispatcher: Dispatcher = new Agent({ connections: 1024, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 600_000, headersTimeout: 0, bodyTimeout: 0 });

export type RelayOutcome = 'success' | 'error' | 'aborted';

/** An upstream stream that has produced its first output: the bytes so far and the rest. */
export interface OpenedRelay {
  target: RelayTarget;
  /** The response bytes up to and including the first output event. */
  head: Buffer[];
  /** True when the upstream already ended (a short answer fits in the head). */
  ended: boolean;
  /** The rest of the response; errors with ModelTimeoutError on silence (idle) or when the call runs too long (total). */
  body: Readable;
  /** The consumer saw bytes from `body` (resets the idle clock without a second 'data' listener). */
  sawData(): void;
  /** Reports how the call ended to the breaker and the resilience events; call once. */
  settle(outcome: RelayOutcome): void;
}

/**
 * Sends an OpenAI chat-completions body, as the client wrote it but for the model name, along a
 * fallback chain, and returns once one upstream has produced output. Before output it behaves like
 * the resilience layer around the AI SDK models: candidates with open circuits last, retries with
 * backoff on retryable failures (429, 5xx, dropped connections, first-token timeouts), the same
 * breakers and events. After output the bytes are the upstream's own: nothing is parsed or rewritten.
 */
export async function openRelay(route: RelayRoute, payload: Record<string, unknown>, signal: AbortSignal): Promise<OpenedRelay> {
  const { policy, breakers, events } = route;
  const ordered = healthyFirst(route.targets, (id) => breakers.get(id, policy.breaker).canRequest());
  const failures: { id: string; error: unknown }[] = [];
  for (const [index, target] of ordered.entries()) {
    if (index > 0) events?.onFailover?.({ from: ordered[index - 1].id, to: target.id, error: failures.at(-1)?.error });
    events?.onAttempt?.({ id: target.id, reason: index === 0 ? 'primary' : 'failover' });
    const startedAt = Date.now();
    try {
      return await withRetries({ route, target, payload, signal, startedAt });
    } catch (error) {
      if (signal.aborted) {
        events?.onOutcome?.({ id: target.id, outcome: 'aborted', ms: Date.now() - startedAt });
        throw error;
      }
      events?.onOutcome?.({ id: target.id, outcome: 'error', ms: Date.now() - startedAt });
      failures.push({ id: target.id, error });
      if (!classifyError(error).retryable) throw error;
    }
  }
  throw failures.length > 1 ? new AllCandidatesFailedError(failures, true) : failures[0].error;
}

/** One candidate's call: its attempts share the clock that time to first token is measured on. */
interface Call {
  route: RelayRoute;
  target: RelayTarget;
  payload: Record<string, unknown>;
  signal: AbortSignal;
  startedAt: number;
}

async function withRetries(call: Call): Promise<OpenedRelay> {
  const { route, target, signal } = call;
  const breaker = route.breakers.get(target.id, route.policy.breaker);
  let previous: unknown;
  for (let retry = 0; ; retry++) {
    try {
      return await attempt(call, breaker);
    } catch (error) {
      if (signal.aborted) throw error;
      const delayMs = retryDelay(error, { retry, policy: route.policy.retry, random: Math.random });
      if (delayMs === undefined) throw previous !== undefined && classifyError(error).kind === 'circuit_open' ? previous : error;
      previous = error;
      route.events?.onRetry?.({ id: target.id, attempt: retry + 1, delayMs, error });
      await sleep(delayMs, signal);
    }
  }
}

/** One HTTP request to one upstream, until its first output; the breaker counts it. */
async function attempt(call: Call, breaker: CircuitBreaker): Promise<OpenedRelay> {
  const { route, target, payload, signal, startedAt } = call;
  const permit = breaker.acquire();
  const controller = new AttemptAbort();
  // Bound rather than a closure: it lives as long as the stream (see SilenceClock).
  const onAbort = forwardAbort.bind(null, controller, signal);
  signal.addEventListener('abort', onAbort, { once: true });
  const { timeouts } = target;
  const firstTokenTimer = setTimeout(() => controller.abort(new ModelTimeoutError({ phase: 'first-token', timeoutMs: timeouts.firstTokenMs, provider: target.id })), timeouts.firstTokenMs);
  // What settling the stream undoes; the first-token timer is cleared as soon as output comes, so it is not kept for the stream's life.
  const cleanup = signal.removeEventListener.bind(signal, 'abort', onAbort);
  let response: Dispatcher.ResponseData;
  try {
    response = await dispatcher.request({
      origin: target.url.origin,
      path: target.url.pathname + target.url.search,
      method: 'POST',
      headers: target.headers,
      body: JSON.stringify({ ...payload, model: target.model }),
      signal: controller,
    });
    if (response.statusCode >= 400) throw await upstreamError(target, payload, response);
    const type = String(response.headers['content-type'] ?? '');
    if (!type.includes('text/event-stream')) {
      const text = await response.body.text().catch(() => '');
      throw new InvalidResponseDataError({ data: text.slice(0, 200), message: `Invalid response from ${target.id}: expected an event stream, got ${type || 'no content type'}.` });
    }
    const head = await firstOutput(response.body, target.id);
    clearTimeout(firstTokenTimer);
    const ms = Date.now() - startedAt;
    route.latency.get(target.id).record(ms);
    route.events?.onFirstToken?.({ id: target.id, ms });
    let settled = false;
    const body = response.body;
    const clock = new SilenceClock(body, target, startedAt);
    return {
      target,
      head: head.chunks,
      ended: head.ended,
      body,
      sawData: clock.sawData,
      settle(outcome) {
        if (settled) return;
        settled = true;
        clock.stop();
        cleanup();
        if (outcome === 'success') breaker.success(permit);
        else if (outcome === 'error') breaker.failure(permit);
        else breaker.release(permit);
        route.events?.onOutcome?.({ id: target.id, outcome, ms: Date.now() - startedAt });
      },
    };
  } catch (caught) {
    clearTimeout(firstTokenTimer);
    cleanup();
    // Our own first-token timer aborted the request: report the timeout, not the abort.
    const error = controller.aborted && !signal.aborted ? controller.reason : caught;
    const { retryable, kind } = classifyError(error);
    if (signal.aborted || kind === 'abort') breaker.release(permit);
    else if (retryable) breaker.failure(permit);
    else breaker.release(permit);
    throw wrapNetworkError(error, target, payload);
  }
}

/**
 * One attempt's abort, for undici (which takes an EventEmitter as a request's signal): the call's
 * own signal or the first-token timer fires it. An AbortController would do, but one lives for every
 * open stream, and an AbortSignal (an EventTarget with its listener map) is several times larger
 * for the young-generation GC to copy.
 */
class AttemptAbort extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
  }
}

function forwardAbort(controller: AttemptAbort, signal: AbortSignal): void {
  controller.abort(signal.reason);
}

/**
 * Idle and total clocks on the relayed body: one timer, re-armed only when it fires. A class with
 * bound methods rather than closures, as RelayWriter: these live as long as the stream.
 */
class SilenceClock {
  private lastData = Date.now();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly onTimer = this.arm.bind(this);
  /** The consumer saw bytes (resets the idle clock without a second 'data' listener). */
  readonly sawData = this.touch.bind(this);

  constructor(
    private readonly body: Readable,
    private readonly target: RelayTarget,
    private readonly startedAt: number,
  ) {
    this.arm();
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  private touch(): void {
    this.lastData = Date.now();
  }

  private arm(): void {
    const { idleMs, totalMs } = this.target.timeouts;
    const now = Date.now();
    const idleAt = this.lastData + idleMs;
    const totalAt = this.startedAt + totalMs;
    if (now >= totalAt) return void this.body.destroy(new ModelTimeoutError({ phase: 'total', timeoutMs: totalMs, provider: this.target.id }));
    // A paused body (the client reads slowly) is not upstream silence.
    if (now >= idleAt && !this.body.isPaused()) return void this.body.destroy(new ModelTimeoutError({ phase: 'idle', timeoutMs: idleMs, provider: this.target.id }));
    this.timer = setTimeout(this.onTimer, Math.max(1, Math.min(idleAt, totalAt) - now));
    this.timer.unref?.();
  }
}

/** An HTTP error from the upstream as the AI SDK's providers report one: the mapping to a client status and its message read the body. */
async function upstreamError(target: RelayTarget, payload: Record<string, unknown>, response: Dispatcher.ResponseData): Promise<APICallError> {
  const text = await response.body.text().catch(() => '');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(response.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  const status = response.statusCode;
  return new APICallError({
    message: `${target.id} answered HTTP ${status}`,
    url: target.url.href,
    requestBodyValues: payload,
    statusCode: status,
    responseHeaders: headers,
    responseBody: text,
    isRetryable: status === 408 || status === 409 || status === 429 || status >= 500,
  });
}

/** Connection failures wrapped the way the AI SDK's providers wrap them, so classification and HTTP mapping agree. */
function wrapNetworkError(error: unknown, target: RelayTarget, payload: Record<string, unknown>): unknown {
  if (APICallError.isInstance(error) || error instanceof ModelTimeoutError || !(error instanceof Error)) return error;
  const { kind } = classifyError(error);
  if (kind !== 'network') return error;
  return new APICallError({ message: `Cannot connect to API: ${error.message}`, url: target.url.href, requestBodyValues: payload, cause: error, isRetryable: true });
}

/**
 * A relayed stream that broke after output (the socket dropped, the upstream ended without `[DONE]`),
 * as a 502 from the provider: retryable, so continuation applies, and mapped like any upstream failure.
 */
export function brokenStreamError(error: unknown, target: RelayTarget): unknown {
  if (APICallError.isInstance(error) || error instanceof ModelTimeoutError) return error;
  const detail = error instanceof Error ? error.message : 'the stream ended without [DONE]';
  return new APICallError({ message: `The stream from ${target.id} broke: ${detail}`, url: target.url.href, requestBodyValues: {}, statusCode: 502, cause: error, isRetryable: true });
}
