import { describe, expect, it } from 'vitest';
import { BreakerRegistry, CircuitBreaker } from './circuit-breaker.js';
import { CircuitOpenError } from './errors.js';

function clock(start = 1_000_000) {
  const c = { t: start, now: () => c.t };
  return c;
}

function fail(breaker: CircuitBreaker, times: number) {
  for (let i = 0; i < times; i++) breaker.failure(breaker.acquire());
}

describe('CircuitBreaker', () => {
  it('opens after 5 consecutive failures and then fails fast', () => {
    const time = clock();
    const breaker = new CircuitBreaker('p:m', { now: time.now });
    fail(breaker, 4);
    expect(breaker.state).toBe('closed');
    fail(breaker, 1);
    expect(breaker.state).toBe('open');
    let error: unknown;
    try {
      breaker.acquire();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CircuitOpenError);
    expect(error).toMatchObject({ code: 'circuit_open', key: 'p:m', retryable: true, retryAt: time.t + 10_000 });
    expect(breaker.canRequest()).toBe(false);
  });

  it('a success resets the consecutive count', () => {
    const breaker = new CircuitBreaker('p:m', { now: clock().now });
    fail(breaker, 4);
    breaker.success(breaker.acquire());
    fail(breaker, 4);
    expect(breaker.state).toBe('closed');
    expect(breaker.snapshot().failures).toBe(4);
  });

  it('opens on a failure rate over the window once it has enough calls', () => {
    const breaker = new CircuitBreaker('p:m', { now: clock().now, policy: { failureThreshold: 100, minimumCalls: 10 } });
    for (let i = 0; i < 4; i++) {
      breaker.success(breaker.acquire());
      breaker.failure(breaker.acquire());
    }
    expect(breaker.state).toBe('closed'); // 4 of 8: not enough calls yet
    breaker.success(breaker.acquire());
    breaker.failure(breaker.acquire());
    expect(breaker.state).toBe('open'); // 5 of 10
  });

  it('forgets outcomes older than the window', () => {
    const time = clock();
    const breaker = new CircuitBreaker('p:m', { now: time.now, policy: { failureThreshold: 100, minimumCalls: 4, windowMs: 1000 } });
    fail(breaker, 3);
    time.t += 5000;
    breaker.success(breaker.acquire());
    breaker.failure(breaker.acquire());
    breaker.success(breaker.acquire());
    expect(breaker.state).toBe('closed');
  });

  it('half-opens after the cooldown, lets one probe through, closes on its success', () => {
    const time = clock();
    const changes: string[] = [];
    const breaker = new CircuitBreaker('p:m', { now: time.now, onStateChange: (e) => changes.push(`${e.from}>${e.to}`) });
    fail(breaker, 5);
    time.t += 9_999;
    expect(() => breaker.acquire()).toThrow(CircuitOpenError);
    time.t += 1;
    expect(breaker.canRequest()).toBe(true);
    const probe = breaker.acquire();
    expect(probe.probe).toBe(true);
    expect(breaker.state).toBe('half-open');
    expect(() => breaker.acquire()).toThrow(CircuitOpenError); // one probe at a time
    breaker.success(probe);
    expect(breaker.state).toBe('closed');
    expect(breaker.snapshot()).toMatchObject({ failures: 0, openedAt: null, nextAttemptAt: null });
    expect(changes).toEqual(['closed>open', 'open>half-open', 'half-open>closed']);
  });

  it('reopens when the probe fails, for another cooldown', () => {
    const time = clock();
    const breaker = new CircuitBreaker('p:m', { now: time.now });
    fail(breaker, 5);
    time.t += 10_000;
    breaker.failure(breaker.acquire());
    expect(breaker.state).toBe('open');
    expect(breaker.snapshot().nextAttemptAt).toBe(time.t + 10_000);
  });

  it('a probe released without a verdict lets the next call probe', () => {
    const time = clock();
    const breaker = new CircuitBreaker('p:m', { now: time.now });
    fail(breaker, 5);
    time.t += 10_000;
    breaker.release(breaker.acquire());
    expect(breaker.acquire().probe).toBe(true);
  });

  it('ignores a second settle of the same permit and late failures while open', () => {
    const breaker = new CircuitBreaker('p:m', { now: clock().now });
    const early = breaker.acquire();
    fail(breaker, 5);
    breaker.failure(early);
    const permit = { probe: false, settled: false };
    breaker.success(permit);
    breaker.failure(permit);
    expect(breaker.snapshot().failures).toBe(5);
  });
});

describe('BreakerRegistry', () => {
  it('keeps one breaker per key, reports states and emits changes', () => {
    const time = clock();
    const events: unknown[] = [];
    const registry = new BreakerRegistry({ now: time.now, policy: { failureThreshold: 2 }, events: { onBreakerStateChange: (e) => events.push(e) } });
    expect(registry.get('a:x')).toBe(registry.get('a:x'));
    fail(registry.get('a:x'), 2);
    registry.get('b:y');
    expect(registry.states()).toEqual([
      { key: 'a:x', state: 'open', failures: 2, openedAt: time.t, nextAttemptAt: time.t + 10_000 },
      { key: 'b:y', state: 'closed', failures: 0, openedAt: null, nextAttemptAt: null },
    ]);
    expect(events).toEqual([{ key: 'a:x', from: 'closed', to: 'open' }]);
  });
});
