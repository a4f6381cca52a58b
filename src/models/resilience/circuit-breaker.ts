import { CircuitOpenError } from './errors.js';
import type { BreakerState, ResilienceEvents } from './types.js';

export interface BreakerPolicy {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** Failure rate over the window that opens the circuit (0–1)… */
  failureRateThreshold: number;
  /** …once the window holds at least this many calls. */
  minimumCalls: number;
  /** The window: the last `windowSize` calls, and only those younger than `windowMs`. */
  windowSize: number;
  windowMs: number;
  /** How long the circuit stays open before one probe is let through. */
  cooldownMs: number;
  /** A probe that never settles (a leaked stream) stops blocking after this long. */
  probeTimeoutMs: number;
}

export const defaultBreakerPolicy: BreakerPolicy = {
  failureThreshold: 5,
  failureRateThreshold: 0.5,
  minimumCalls: 10,
  windowSize: 20,
  windowMs: 60_000,
  cooldownMs: 10_000,
  probeTimeoutMs: 60_000,
};

/** A call let through by the breaker; settle it exactly once (later settles are ignored). */
export interface BreakerPermit {
  readonly probe: boolean;
  settled: boolean;
}

/** What the health endpoint shows for one breaker. */
export interface BreakerSnapshot {
  key: string;
  state: BreakerState;
  /** Consecutive failures. */
  failures: number;
  openedAt: number | null;
  nextAttemptAt: number | null;
}

export interface CircuitBreakerOptions {
  policy?: Partial<BreakerPolicy>;
  now?: () => number;
  onStateChange?: (e: { key: string; from: BreakerState; to: BreakerState }) => void;
}

/**
 * A circuit breaker for one key ("provider:model"): closed → open after N consecutive failures or a
 * failure rate over a sliding window; open → half-open after a cooldown, where one probe goes through;
 * the probe's success closes it, its failure reopens it. Callers report only failures that say
 * something about the provider's health (see `withCircuitBreaker`).
 */
export class CircuitBreaker {
  readonly policy: BreakerPolicy;
  private current: BreakerState = 'closed';
  private consecutive = 0;
  private openedAt: number | null = null;
  private nextAttemptAt: number | null = null;
  private probeStartedAt: number | null = null;
  // Ring buffer of recent outcomes: when, and whether it failed.
  private readonly times: Float64Array;
  private readonly failed: Uint8Array;
  private size = 0;
  private index = 0;
  private readonly now: () => number;

  constructor(
    readonly key: string,
    private readonly options: CircuitBreakerOptions = {},
  ) {
    this.policy = { ...defaultBreakerPolicy, ...options.policy };
    this.now = options.now ?? Date.now;
    this.times = new Float64Array(this.policy.windowSize);
    this.failed = new Uint8Array(this.policy.windowSize);
  }

  get state(): BreakerState {
    return this.current;
  }

  /** Whether a call would be let through now (without taking the probe slot). */
  canRequest(): boolean {
    const now = this.now();
    if (this.current === 'closed') return true;
    if (this.current === 'open') return now >= (this.nextAttemptAt ?? 0);
    return !this.probeBusy(now);
  }

  /** Lets a call through, or throws CircuitOpenError. In half-open, the first caller becomes the probe. */
  acquire(): BreakerPermit {
    const now = this.now();
    if (this.current === 'open') {
      if (now < (this.nextAttemptAt ?? 0)) throw new CircuitOpenError({ key: this.key, retryAt: this.nextAttemptAt ?? now });
      this.transition('half-open');
    }
    if (this.current === 'half-open') {
      if (this.probeBusy(now)) throw new CircuitOpenError({ key: this.key, retryAt: now });
      this.probeStartedAt = now;
      return { probe: true, settled: false };
    }
    return { probe: false, settled: false };
  }

  /** The provider answered. */
  success(permit: BreakerPermit): void {
    if (permit.settled) return;
    permit.settled = true;
    if (permit.probe) {
      this.probeStartedAt = null;
      if (this.current === 'half-open') this.close();
      return;
    }
    if (this.current !== 'closed') return;
    this.consecutive = 0;
    this.record(false);
  }

  /** The provider failed in a way that says something about its health. */
  failure(permit: BreakerPermit): void {
    if (permit.settled) return;
    permit.settled = true;
    if (permit.probe) {
      this.probeStartedAt = null;
      if (this.current === 'half-open') this.open();
      return;
    }
    // Calls started before the circuit opened and failing afterwards change nothing.
    if (this.current !== 'closed') return;
    this.consecutive++;
    this.record(true);
    if (this.consecutive >= this.policy.failureThreshold || this.rateExceeded()) this.open();
  }

  /** The call ended without telling anything about health (a 400, a user abort, a lost hedge). */
  release(permit: BreakerPermit): void {
    if (permit.settled) return;
    permit.settled = true;
    if (permit.probe) this.probeStartedAt = null;
  }

  snapshot(): BreakerSnapshot {
    return { key: this.key, state: this.current, failures: this.consecutive, openedAt: this.openedAt, nextAttemptAt: this.nextAttemptAt };
  }

  private probeBusy(now: number): boolean {
    return this.probeStartedAt !== null && now - this.probeStartedAt < this.policy.probeTimeoutMs;
  }

  private record(failure: boolean): void {
    this.times[this.index] = this.now();
    this.failed[this.index] = failure ? 1 : 0;
    this.index = (this.index + 1) % this.times.length;
    this.size = Math.min(this.size + 1, this.times.length);
  }

  private rateExceeded(): boolean {
    const since = this.now() - this.policy.windowMs;
    let calls = 0;
    let failures = 0;
    for (let i = 0; i < this.size; i++) {
      if (this.times[i] < since) continue;
      calls++;
      failures += this.failed[i];
    }
    return calls >= this.policy.minimumCalls && failures / calls >= this.policy.failureRateThreshold;
  }

  private open(): void {
    const now = this.now();
    this.openedAt = now;
    this.nextAttemptAt = now + this.policy.cooldownMs;
    this.transition('open');
  }

  private close(): void {
    this.consecutive = 0;
    this.size = 0;
    this.index = 0;
    this.openedAt = null;
    this.nextAttemptAt = null;
    this.transition('closed');
  }

  private transition(to: BreakerState): void {
    const from = this.current;
    if (from === to) return;
    this.current = to;
    this.options.onStateChange?.({ key: this.key, from, to });
  }
}

export interface BreakerRegistryOptions {
  /** Defaults for every breaker the registry creates. */
  policy?: Partial<BreakerPolicy>;
  now?: () => number;
  events?: Pick<ResilienceEvents, 'onBreakerStateChange'>;
}

/**
 * The process's circuit breakers, one per key, shared by every model built over the same providers.
 *
 * @example
 * const breakers = new BreakerRegistry({ events: { onBreakerStateChange: (e) => log.warn(e, 'circuit') } });
 * app.get('/health', (c) => c.json(breakers.states()));
 */
export class BreakerRegistry {
  private readonly breakers = new Map<string, CircuitBreaker>();

  constructor(private readonly options: BreakerRegistryOptions = {}) {}

  /** The breaker for `key`, created on first use (with `policy` over the registry's defaults). */
  get(key: string, policy?: Partial<BreakerPolicy>): CircuitBreaker {
    let breaker = this.breakers.get(key);
    if (!breaker) {
      breaker = new CircuitBreaker(key, {
        policy: { ...this.options.policy, ...policy },
        now: this.options.now,
        onStateChange: (e) => this.options.events?.onBreakerStateChange?.(e),
      });
      this.breakers.set(key, breaker);
    }
    return breaker;
  }

  states(): BreakerSnapshot[] {
    return [...this.breakers.values()].map((breaker) => breaker.snapshot());
  }
}
