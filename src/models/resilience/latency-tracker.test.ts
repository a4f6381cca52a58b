import { describe, expect, it } from 'vitest';
import { hedgeThreshold, LatencyRegistry, LatencyTracker } from './latency-tracker.js';

const policy = { minSamples: 5, floorMs: 50, defaultMs: 1000, quantile: 0.9 };

describe('LatencyTracker', () => {
  it('returns the p90 of its samples', () => {
    const tracker = new LatencyTracker();
    for (let i = 1; i <= 100; i++) tracker.record(i * 10);
    expect(tracker.quantile(0.9)).toBe(900);
    expect(tracker.quantile(0.5)).toBe(500);
  });

  it('keeps only the most recent samples (a ring buffer)', () => {
    const tracker = new LatencyTracker(10);
    for (let i = 0; i < 10; i++) tracker.record(5000);
    for (let i = 0; i < 10; i++) tracker.record(100);
    expect(tracker.size).toBe(10);
    expect(tracker.quantile(0.9)).toBe(100);
  });

  it('thresholds: the default before enough samples, then p90 with a floor', () => {
    const tracker = new LatencyTracker();
    expect(hedgeThreshold(tracker, policy)).toBe(1000);
    for (let i = 0; i < 4; i++) tracker.record(300);
    expect(hedgeThreshold(tracker, policy)).toBe(1000);
    tracker.record(300);
    expect(hedgeThreshold(tracker, policy)).toBe(300);
    const fast = new LatencyTracker();
    for (let i = 0; i < 10; i++) fast.record(5);
    expect(hedgeThreshold(fast, policy)).toBe(50);
  });

  it('the registry keeps one tracker per candidate', () => {
    const registry = new LatencyRegistry();
    registry.get('a').record(10);
    expect(registry.get('a').size).toBe(1);
    expect(registry.summary()).toEqual([{ id: 'a', samples: 1, p50: 10, p90: 10 }]);
  });
});
