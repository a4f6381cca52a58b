import { describe, expect, it } from 'vitest';
import { planFaults, sampleLatency } from './faults.js';
import { parseDirectives } from './directives.js';
import { mulberry32 } from './rng.js';

const always = () => 0; // every chance() with a rate > 0 fires
const never = () => 0.999999;

describe('planFaults', () => {
  it('answers normally without faults', () => {
    const plan = planFaults({ faults: {}, tokenDelayMs: 7, random: always });
    expect(plan).toMatchObject({ kind: 'answer', ttftMs: 0, tokenDelayMs: 7, cutAfterChunks: undefined, malformed: false });
  });

  it('orders random faults: error, then 429, then stall, then html', () => {
    const all = { errorRate: 1, rateLimitRate: 1, stallRate: 1, htmlRate: 1, errorStatus: 503 };
    expect(planFaults({ faults: all, tokenDelayMs: 0, random: always })).toMatchObject({ kind: 'error', status: 503 });
    const noError = { ...all, errorRate: 0 };
    expect(planFaults({ faults: noError, tokenDelayMs: 0, random: always })).toMatchObject({ kind: 'error', status: 429 });
    expect(planFaults({ faults: { stallRate: 1, htmlRate: 1 }, tokenDelayMs: 0, random: always }).kind).toBe('stall');
    expect(planFaults({ faults: { htmlRate: 1 }, tokenDelayMs: 0, random: always }).kind).toBe('html');
  });

  it('cuts after cutAfterChunks (default 3) and marks malformed streams', () => {
    expect(planFaults({ faults: { cutRate: 1 }, tokenDelayMs: 0, random: always }).cutAfterChunks).toBe(3);
    expect(planFaults({ faults: { cutRate: 1, cutAfterChunks: 5 }, tokenDelayMs: 0, random: always }).cutAfterChunks).toBe(5);
    expect(planFaults({ faults: { malformedRate: 1 }, tokenDelayMs: 0, random: always }).malformed).toBe(true);
    expect(planFaults({ faults: { cutRate: 0.5, malformedRate: 0.5 }, tokenDelayMs: 0, random: never })).toMatchObject({
      cutAfterChunks: undefined,
      malformed: false,
    });
  });

  it('lets directives win over configured faults', () => {
    const { directives } = parseDirectives('[[error:502]] [[ttft:40]] [[delay:9]] [[cut:1]]');
    const plan = planFaults({ faults: { stallRate: 1, latency: { kind: 'fixed', ms: 5 } }, directives, tokenDelayMs: 0, random: always });
    expect(plan).toMatchObject({ kind: 'error', status: 502, ttftMs: 40, tokenDelayMs: 9, cutAfterChunks: 1 });
    const stall = planFaults({ faults: { errorRate: 1 }, directives: parseDirectives('[[stall]]').directives, tokenDelayMs: 0, random: never });
    expect(stall.kind).toBe('stall');
  });

  it('is reproducible with a seeded PRNG', () => {
    const faults = { errorRate: 0.3, cutRate: 0.3, latency: { kind: 'pareto', scaleMs: 10, shape: 1.5 } } as const;
    const run = () => {
      const random = mulberry32(42);
      return Array.from({ length: 50 }, () => planFaults({ faults, tokenDelayMs: 0, random }));
    };
    const a = run();
    expect(run()).toEqual(a);
    const errors = a.filter((p) => p.kind === 'error').length;
    expect(errors).toBeGreaterThan(5);
    expect(errors).toBeLessThan(30);
  });
});

describe('sampleLatency', () => {
  it('samples fixed, pareto (capped) and slow-tail latencies', () => {
    expect(sampleLatency(undefined, 0.5)).toBe(0);
    expect(sampleLatency({ kind: 'fixed', ms: 12 }, 0.9)).toBe(12);
    expect(sampleLatency({ kind: 'pareto', scaleMs: 10, shape: 2 }, 0)).toBe(10);
    expect(sampleLatency({ kind: 'pareto', scaleMs: 10, shape: 2 }, 0.75)).toBe(20);
    expect(sampleLatency({ kind: 'pareto', scaleMs: 10, shape: 1, capMs: 500 }, 0.999999)).toBe(500);
    expect(sampleLatency({ kind: 'slowTail', probability: 0.1, ms: 300 }, 0.05)).toBe(300);
    expect(sampleLatency({ kind: 'slowTail', probability: 0.1, ms: 300 }, 0.5)).toBe(0);
  });
});
