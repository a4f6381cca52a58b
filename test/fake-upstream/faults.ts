import type { Directives } from './directives.js';
import type { Random } from './rng.js';
import type { Faults, Latency } from './types.js';

/** What the server does with one request, decided before it answers. */
export interface FaultPlan {
  /** `answer` streams or returns the completion; the others replace it. */
  kind: 'answer' | 'error' | 'stall' | 'html';
  /** HTTP status when `kind` is 'error' (429 means rate limited). */
  status: number;
  /** Sent as `Retry-After` with a 429. */
  retryAfterSeconds: number;
  ttftMs: number;
  tokenDelayMs: number;
  /** Cut the stream after this many content chunks; undefined = no cut. */
  cutAfterChunks?: number;
  /** Insert one chunk that is not valid JSON. */
  malformed: boolean;
}

/** Inputs of `planFaults`: the configured faults, this request's directives, the server's defaults. */
export interface PlanInput {
  faults: Faults;
  directives?: Directives;
  tokenDelayMs: number;
  random: Random;
}

/**
 * Decides the faults for one request. Directives win over random faults, and errors win over stalls over HTML.
 * Every call draws the same count of random numbers, so with a seeded PRNG request N always gets the same fate.
 */
export function planFaults({ faults, directives, tokenDelayMs, random }: PlanInput): FaultPlan {
  const error = chance(random, faults.errorRate);
  const rateLimit = chance(random, faults.rateLimitRate);
  const html = chance(random, faults.htmlRate);
  const stall = chance(random, faults.stallRate);
  const cut = chance(random, faults.cutRate);
  const malformed = chance(random, faults.malformedRate);
  const latencyMs = sampleLatency(faults.latency, random());

  const plan: FaultPlan = {
    kind: 'answer',
    status: 200,
    retryAfterSeconds: faults.retryAfterSeconds ?? 1,
    ttftMs: directives?.ttftMs ?? latencyMs,
    tokenDelayMs: directives?.delayMs ?? tokenDelayMs,
    cutAfterChunks: directives?.cutAfter ?? (cut ? (faults.cutAfterChunks ?? 3) : undefined),
    malformed: directives?.malformed === true || malformed,
  };
  if (directives?.errorStatus !== undefined) return { ...plan, kind: 'error', status: directives.errorStatus };
  if (directives?.stall) return { ...plan, kind: 'stall' };
  if (directives?.html) return { ...plan, kind: 'html' };
  if (error) return { ...plan, kind: 'error', status: faults.errorStatus ?? 500 };
  if (rateLimit) return { ...plan, kind: 'error', status: 429 };
  if (stall) return { ...plan, kind: 'stall' };
  if (html) return { ...plan, kind: 'html' };
  return plan;
}

/** Maps a uniform draw `u` in [0, 1) to a time to first token in ms; 0 without a latency model. */
export function sampleLatency(latency: Latency | undefined, u: number): number {
  if (!latency) return 0;
  switch (latency.kind) {
    case 'fixed':
      return latency.ms;
    case 'pareto': {
      // Inverse CDF of Pareto(scale, shape); 1 - u keeps u = 0 from dividing by zero.
      const ms = latency.scaleMs / Math.pow(1 - u, 1 / latency.shape);
      return Math.round(Math.min(ms, latency.capMs ?? Number.POSITIVE_INFINITY));
    }
    case 'slowTail':
      return u < latency.probability ? latency.ms : 0;
  }
}

// Always draws, so the number of draws per request does not depend on the configuration.
function chance(random: Random, rate: number | undefined): boolean {
  return random() < (rate ?? 0);
}
