/** Recent time-to-first-token samples of one candidate, in a fixed ring buffer. */
export class LatencyTracker {
  private readonly samples: Float64Array;
  private count = 0;
  private index = 0;
  private sorted: Float64Array | null = null;

  constructor(capacity = 200) {
    this.samples = new Float64Array(capacity);
  }

  record(ms: number): void {
    this.samples[this.index] = ms;
    this.index = (this.index + 1) % this.samples.length;
    this.count = Math.min(this.count + 1, this.samples.length);
    this.sorted = null;
  }

  get size(): number {
    return this.count;
  }

  /** The q-quantile (0–1) of the samples (nearest rank), or undefined when there are none. */
  quantile(q: number): number | undefined {
    if (this.count === 0) return undefined;
    // Sorted lazily and cached: samples arrive once per request, thresholds are read once per request.
    this.sorted ??= this.samples.slice(0, this.count).sort();
    const rank = Math.min(this.count - 1, Math.max(0, Math.ceil(q * this.count) - 1));
    return this.sorted[rank];
  }
}

export interface HedgeThresholdPolicy {
  /** Samples needed before the percentile is trusted. */
  minSamples: number;
  /** Never hedge sooner than this. */
  floorMs: number;
  /** The threshold until there are enough samples. */
  defaultMs: number;
  /** Which quantile of time to first token to wait for (0.9 = p90). */
  quantile: number;
}

/** When to start a hedge for a candidate with these TTFT samples: its p90, floored, or the default. */
export function hedgeThreshold(tracker: LatencyTracker, policy: HedgeThresholdPolicy): number {
  if (tracker.size < policy.minSamples) return policy.defaultMs;
  return Math.max(policy.floorMs, tracker.quantile(policy.quantile) ?? policy.defaultMs);
}

/**
 * Latency trackers by candidate id, shared across requests (like the breakers).
 *
 * @example latency.get('openai:gpt-4o').record(420)
 */
export class LatencyRegistry {
  private readonly trackers = new Map<string, LatencyTracker>();

  constructor(private readonly capacity = 200) {}

  get(id: string): LatencyTracker {
    let tracker = this.trackers.get(id);
    if (!tracker) {
      tracker = new LatencyTracker(this.capacity);
      this.trackers.set(id, tracker);
    }
    return tracker;
  }

  /** p50/p90 per candidate, for a health or debug endpoint. */
  summary(): { id: string; samples: number; p50: number | undefined; p90: number | undefined }[] {
    return [...this.trackers].map(([id, t]) => ({ id, samples: t.size, p50: t.quantile(0.5), p90: t.quantile(0.9) }));
  }
}
