import type { LanguageModelV3, LanguageModelV3CallOptions } from '@ai-sdk/provider';
import { classifyError } from './classify-error.js';
import { abortReason, openUntilContent, relayStream } from './stream-utils.js';

/** One server of a pool serving the same model. */
export interface Endpoint {
  id: string;
  model: LanguageModelV3;
  /** Relative capacity (default 1). */
  weight?: number;
}

export interface LoadBalancingOptions {
  /** The returned model's modelId; defaults to the first endpoint's. */
  modelId?: string;
  /** Endpoints reported unavailable (an open circuit) are skipped while others are available. */
  isAvailable?: (id: string) => boolean;
}

/**
 * Spreads calls over endpoints serving the same model: the one with the fewest outstanding requests
 * per unit of weight wins, ties going to the heavier endpoint, then round-robin. A request counts as
 * outstanding from the call until its stream ends. If an endpoint fails before output with a
 * retryable error, the next-best endpoint is tried (each at most once per call; compose with
 * `withRetry` for backoff across rounds).
 *
 * @example withLoadBalancing([{ id: 'vllm-a', model: a, weight: 2 }, { id: 'vllm-b', model: b }])
 */
export function withLoadBalancing(endpoints: Endpoint[], options: LoadBalancingOptions = {}): LanguageModelV3 {
  if (endpoints.length === 0) throw new Error('withLoadBalancing needs at least one endpoint.');
  const balancer = new Balancer(endpoints, options.isAvailable);
  return {
    specificationVersion: 'v3',
    provider: endpoints[0].model.provider,
    modelId: options.modelId ?? endpoints[0].model.modelId,
    get supportedUrls() {
      return endpoints[0].model.supportedUrls;
    },
    doGenerate: (callOptions) =>
      balancer.run(callOptions, async (index) => {
        try {
          return await endpoints[index].model.doGenerate(callOptions);
        } finally {
          balancer.release(index);
        }
      }),
    doStream: (callOptions) =>
      balancer.run(callOptions, async (index) => {
        let opened;
        try {
          opened = await openUntilContent(endpoints[index].model, callOptions);
        } catch (error) {
          balancer.release(index);
          throw error;
        }
        return { ...opened.result, stream: relayStream(opened, { end: () => balancer.release(index) }) };
      }),
  };
}

class Balancer {
  readonly outstanding: number[];
  private readonly weights: number[];
  private turn = 0;

  constructor(
    private readonly endpoints: Endpoint[],
    private readonly isAvailable: ((id: string) => boolean) | undefined,
  ) {
    this.outstanding = endpoints.map(() => 0);
    this.weights = endpoints.map((e) => (e.weight !== undefined && e.weight > 0 ? e.weight : 1));
  }

  /** Endpoint indices, best first. */
  rank(): number[] {
    const n = this.endpoints.length;
    const start = this.turn++ % n;
    // Rotated, then stably sorted: among equals, the rotation is the round-robin.
    const order = Array.from({ length: n }, (_, i) => (start + i) % n);
    order.sort((a, b) => this.outstanding[a] / this.weights[a] - this.outstanding[b] / this.weights[b] || this.weights[b] - this.weights[a]);
    if (!this.isAvailable) return order;
    const available = order.filter((i) => this.isAvailable!(this.endpoints[i].id));
    // Every circuit open: call anyway, so the caller gets the honest fail-fast error.
    return available.length > 0 ? available : order;
  }

  /** Calls `attempt` on endpoints in rank order until one succeeds; `attempt` must release its slot. */
  async run<T>(callOptions: LanguageModelV3CallOptions, attempt: (index: number) => Promise<T>): Promise<T> {
    const signal = callOptions.abortSignal;
    let lastError: unknown;
    for (const index of this.rank()) {
      if (signal?.aborted) throw abortReason(signal);
      this.outstanding[index]++;
      try {
        return await attempt(index);
      } catch (error) {
        if (signal?.aborted || !classifyError(error).retryable) throw error;
        lastError = error;
      }
    }
    throw lastError;
  }

  release(index: number): void {
    this.outstanding[index]--;
  }
}
