/** Exponential backoff between attempts of a job. */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  /** Fraction of the delay taken off at random (0 = deterministic), so retries of many jobs spread out. */
  jitter: number;
}

/**
 * Delay before the next attempt after `attempts` failed ones: base · 2^(attempts−1), capped at maxMs,
 * minus up to `jitter` of it at random.
 *
 * @example backoffDelay(3, { baseMs: 1000, maxMs: 60_000, jitter: 0 }) // 4000
 */
export function backoffDelay(attempts: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential * (1 - policy.jitter * random()));
}
