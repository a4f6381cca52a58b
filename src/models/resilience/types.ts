import type { LanguageModelV3, LanguageModelV3CallOptions } from '@ai-sdk/provider';

/** State of one circuit breaker. */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** Why a candidate was called. */
export type AttemptReason = 'primary' | 'failover' | 'hedge' | 'continuation';

/**
 * What the resilience layer reports. The caller connects these to metrics and logs; every hook is
 * optional and called synchronously, so handlers must be cheap and must not throw.
 */
export interface ResilienceEvents {
  /** A candidate is called (once per call of a candidate, retries inside it not counted). */
  onAttempt?(e: { id: string; reason: AttemptReason }): void;
  /** A failed call is about to be retried on the same model after `delayMs`. `attempt` counts retries from 1. */
  onRetry?(e: { id: string; attempt: number; delayMs: number; error: unknown }): void;
  /** A candidate failed before output and the next one is called. */
  onFailover?(e: { from: string; to: string; error: unknown }): void;
  /** The primary was slow to its first token: the same request was started on `hedge`. */
  onHedge?(e: { primary: string; hedge: string; thresholdMs: number }): void;
  /** Two requests raced; `loser` has been aborted. */
  onHedgeWin?(e: { winner: string; loser: string }): void;
  /** A stream broke after output and `to` continues it from character `atChar`. */
  onContinuation?(e: { from: string; to: string; atChar: number; error: unknown }): void;
  /** A circuit breaker changed state (wire through `BreakerRegistry`). */
  onBreakerStateChange?(e: { key: string; from: BreakerState; to: BreakerState }): void;
  /** A candidate produced its first content part `ms` after it was called (retries included). */
  onFirstToken?(e: { id: string; ms: number }): void;
  /** A call of a candidate ended. `aborted` covers user stops and lost hedges. */
  onOutcome?(e: { id: string; outcome: 'success' | 'error' | 'aborted'; ms: number }): void;
}

/** Maps call options to what one provider accepts (drop unsupported settings, clamp ranges). */
export type MapCallOptions = (options: LanguageModelV3CallOptions) => LanguageModelV3CallOptions;

/** One entry of a fallback chain: a model and how to adapt a request to it. */
export interface Candidate {
  /** "provider:model"; reported in metadata and events. */
  id: string;
  model: LanguageModelV3;
  mapOptions?: MapCallOptions;
}
