import { afterEach, describe, expect, it, vi } from 'vitest';
import { BreakerRegistry } from './circuit-breaker.js';
import { createResilientModel, type ResilientCandidate } from './create-resilient-model.js';
import { LatencyRegistry } from './latency-tracker.js';
import { defaultResiliencePolicy, resolvePolicy, type ResiliencePolicyInput } from './policy.js';
import { apiError, brokenSteps, collect, networkError, prompt, scriptedModel, textOf, textSteps, type Script } from './testing.js';
import type { ResilienceEvents } from './types.js';

afterEach(() => void vi.useRealTimers());

function build(candidates: ResilientCandidate[], policy: ResiliencePolicyInput = {}) {
  const time = { t: 1_000_000 };
  const log: string[] = [];
  const events: ResilienceEvents = {
    onAttempt: (e) => log.push(`attempt ${e.id} ${e.reason}`),
    onRetry: (e) => log.push(`retry ${e.id} #${e.attempt}`),
    onFailover: (e) => log.push(`failover ${e.from} > ${e.to}`),
    onHedge: (e) => log.push(`hedge ${e.primary} + ${e.hedge}`),
    onHedgeWin: (e) => log.push(`hedge-win ${e.winner}`),
    onContinuation: (e) => log.push(`continue ${e.from} > ${e.to} @${e.atChar}`),
    onBreakerStateChange: (e) => log.push(`breaker ${e.key} ${e.from} > ${e.to}`),
    onFirstToken: (e) => log.push(`ttft ${e.id}`),
    onOutcome: (e) => log.push(`outcome ${e.id} ${e.outcome}`),
  };
  const breakers = new BreakerRegistry({ now: () => time.t, events });
  const latency = new LatencyRegistry();
  const model = createResilientModel({ candidates, policy, breakers, latency, events, sleep: async () => {}, modelId: 'smart' });
  return { model, breakers, latency, log, time };
}

const ok = (text: string): Script => ({ steps: textSteps([text]) });

describe('createResilientModel', () => {
  it('answers through the whole stack and reports the call', async () => {
    const a = scriptedModel([ok('Hello')]);
    const { model, log, latency } = build([{ id: 'openai:a', kind: 'openai', model: a }]);
    expect(model.modelId).toBe('smart');
    const parts = await collect((await model.doStream({ prompt })).stream);
    expect(textOf(parts)).toBe('Hello');
    expect(parts.at(-1)).toMatchObject({ providerMetadata: { redline: { provider: 'openai:a' } } });
    expect(log).toEqual(['attempt openai:a primary', 'ttft openai:a', 'outcome openai:a success']);
    expect(latency.get('openai:a').size).toBe(1);
  });

  it('retries, then fails over, then stops calling a provider whose circuit opened', async () => {
    const a = scriptedModel([{ fail: apiError(503) }]);
    const b = scriptedModel([ok('from b')]);
    const { model, log, breakers } = build(
      [
        { id: 'openai:a', kind: 'openai', model: a },
        { id: 'anthropic:b', kind: 'anthropic', model: b },
      ],
      { breaker: { failureThreshold: 3 } },
    );
    expect(textOf(await collect((await model.doStream({ prompt, seed: 3 })).stream))).toBe('from b');
    expect(a.calls).toHaveLength(3); // 1 + 2 retries, each counted by the breaker
    expect(b.calls[0].options.seed).toBeUndefined(); // mapped for Anthropic
    expect(log).toContain('breaker openai:a closed > open');
    expect(log).toContain('failover openai:a > anthropic:b');
    expect(breakers.states()).toContainEqual(expect.objectContaining({ key: 'openai:a', state: 'open' }));

    await collect((await model.doStream({ prompt })).stream);
    expect(a.calls).toHaveLength(3); // open circuit: tried last, and not at all since b answered
  });

  it('a user abort stops everything in flight: no retries, no fallback', async () => {
    const a = scriptedModel([{ steps: [{ stall: true }] }]);
    const b = scriptedModel([ok('b')]);
    const { model, log } = build([
      { id: 'a:x', kind: 'openai', model: a },
      { id: 'b:y', kind: 'openai', model: b },
    ]);
    const controller = new AbortController();
    const call = model.doStream({ prompt, abortSignal: controller.signal });
    await new Promise((r) => setTimeout(r, 5));
    controller.abort(new Error('Stopped by the user.'));
    await expect(call).rejects.toThrow('Stopped by the user.');
    expect(a.calls).toHaveLength(1);
    expect(a.calls[0].aborted).toBe(true);
    expect(b.calls).toHaveLength(0);
    expect(log.filter((l) => l.startsWith('retry') || l.startsWith('failover'))).toEqual([]);
    expect(log).toContain('outcome a:x aborted');
  });

  it('a first-token timeout aborts the request and moves on', async () => {
    vi.useFakeTimers();
    const a = scriptedModel([{ steps: textSteps(['late']), delay: 60_000 }]);
    const b = scriptedModel([ok('b')]);
    const { model } = build(
      [
        { id: 'a:x', kind: 'openai', model: a, timeouts: { firstTokenMs: 1000 } },
        { id: 'b:y', kind: 'openai', model: b },
      ],
      { retry: { maxRetries: 0 } },
    );
    const call = model.doStream({ prompt });
    await vi.advanceTimersByTimeAsync(1000);
    expect(textOf(await collect((await call).stream))).toBe('b');
    expect(a.calls[0].aborted).toBe(true);
  });

  it('continues a broken answer on the next provider when the first one is down', async () => {
    const a = scriptedModel([{ steps: brokenSteps(['The answer ', 'is'], networkError('ECONNRESET')) }, { fail: apiError(503) }]);
    const b = scriptedModel([ok(' 42.')]);
    const { model, log } = build(
      [
        { id: 'a:x', kind: 'openai', model: a },
        { id: 'b:y', kind: 'anthropic', model: b },
      ],
      { retry: { maxRetries: 0 } },
    );
    const parts = await collect((await model.doStream({ prompt })).stream);
    expect(textOf(parts)).toBe('The answer is 42.');
    expect(log).toContain('continue a:x > b:y @13');
    expect(parts.at(-1)).toMatchObject({ providerMetadata: { redline: { provider: 'b:y', continuations: [{ atChar: 13, provider: 'b:y' }] } } });
  });

  it('hedges when enabled', async () => {
    vi.useFakeTimers();
    const a = scriptedModel([{ steps: [{ wait: 5000 }, ...textSteps(['a'])] }]);
    const b = scriptedModel([ok('b')]);
    const { model, log } = build(
      [
        { id: 'a:x', kind: 'openai', model: a },
        { id: 'b:y', kind: 'openai', model: b },
      ],
      { hedge: { enabled: true, defaultMs: 300 } },
    );
    const call = model.doStream({ prompt });
    await vi.advanceTimersByTimeAsync(300);
    expect(textOf(await collect((await call).stream))).toBe('b');
    expect(log).toContain('hedge a:x + b:y');
    expect(log).toContain('hedge-win b:y');
    expect(a.calls[0].aborted).toBe(true);
    expect(log).toContain('outcome a:x aborted');
  });

  it('load-balances endpoints of one candidate, each with its own breaker', async () => {
    const e1 = scriptedModel([{ fail: apiError(502) }]);
    const e2 = scriptedModel([ok('e2')]);
    const { model, breakers } = build([
      {
        id: 'vllm:llama',
        kind: 'openai-compatible',
        endpoints: [
          { id: 'vllm-1', model: e1, weight: 2 },
          { id: 'vllm-2', model: e2 },
        ],
      },
    ]);
    expect(textOf(await collect((await model.doStream({ prompt })).stream))).toBe('e2');
    expect(breakers.states().map((s) => s.key)).toEqual(['vllm-1', 'vllm-2']);
  });

  it('fills the policy from the defaults', () => {
    expect(resolvePolicy({ retry: { maxRetries: 5, baseDelayMs: undefined } }).retry).toEqual({ ...defaultResiliencePolicy.retry, maxRetries: 5 });
    expect(defaultResiliencePolicy).toMatchObject({
      retry: { maxRetries: 2, baseDelayMs: 250, maxDelayMs: 4000 },
      timeouts: { firstTokenMs: 30_000, idleMs: 30_000, totalMs: 600_000 },
      breaker: { failureThreshold: 5, cooldownMs: 10_000, failureRateThreshold: 0.5 },
      hedge: { enabled: false },
      continuation: { enabled: true, maxContinuations: 2 },
    });
  });
});
