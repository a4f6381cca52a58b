import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker.js';
import { CircuitOpenError } from './errors.js';
import { apiError, brokenSteps, collect, prompt, scriptedModel, textSteps, type Script } from './testing.js';
import { withCircuitBreaker } from './with-circuit-breaker.js';

function setup(scripts: Script[]) {
  const time = { t: 1_000_000 };
  const breaker = new CircuitBreaker('p:m', { now: () => time.t });
  const model = scriptedModel(scripts);
  return { time, breaker, model, guarded: withCircuitBreaker(model, { breaker }) };
}

async function run(model: ReturnType<typeof setup>['guarded'], abortSignal?: AbortSignal) {
  const { stream } = await model.doStream({ prompt, abortSignal });
  return collect(stream);
}

describe('withCircuitBreaker', () => {
  it('opens after 5 failures, then fails fast without calling the model', async () => {
    const { guarded, model, breaker } = setup([{ fail: apiError(503) }]);
    for (let i = 0; i < 5; i++) await expect(run(guarded)).rejects.toMatchObject({ statusCode: 503 });
    expect(breaker.state).toBe('open');
    await expect(run(guarded)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(model.calls).toHaveLength(5);
  });

  it('counts error parts and stream errors, not 400s or aborts', async () => {
    const { guarded, breaker } = setup([{ fail: apiError(400) }]);
    for (let i = 0; i < 10; i++) await expect(run(guarded)).rejects.toBeDefined();
    expect(breaker.state).toBe('closed');

    const aborted = setup([{ fail: new DOMException('aborted', 'AbortError') }]);
    for (let i = 0; i < 10; i++) await expect(run(aborted.guarded, AbortSignal.abort())).rejects.toBeDefined();
    expect(aborted.breaker.state).toBe('closed');

    const broken = setup([{ steps: brokenSteps(['Hi'], apiError(502)) }]);
    for (let i = 0; i < 5; i++) await run(broken.guarded);
    expect(broken.breaker.state).toBe('open');
  });

  it('half-open: one probe through, the rest fail fast, the probe closes it at its first token', async () => {
    let n = 0;
    const setupResult = setup([]);
    const { time, breaker } = setupResult;
    const model = scriptedModel((): Script => (n++ < 5 ? { fail: apiError(500) } : { steps: [{ wait: 20 }, ...textSteps(['ok'])] }));
    const guarded = withCircuitBreaker(model, { breaker });
    for (let i = 0; i < 5; i++) await expect(run(guarded)).rejects.toBeDefined();
    time.t += 10_000;
    const probe = await guarded.doStream({ prompt });
    expect(breaker.state).toBe('half-open');
    await expect(guarded.doStream({ prompt })).rejects.toBeInstanceOf(CircuitOpenError);
    const reader = probe.stream.getReader();
    let first = await reader.read();
    while (!first.done && first.value.type !== 'text-delta') first = await reader.read();
    expect(breaker.state).toBe('closed');
    await reader.cancel();
  });

  it('a failed probe reopens the circuit', async () => {
    const { guarded, breaker, time } = setup([{ fail: apiError(500) }]);
    for (let i = 0; i < 5; i++) await expect(run(guarded)).rejects.toBeDefined();
    time.t += 10_000;
    await expect(run(guarded)).rejects.toMatchObject({ statusCode: 500 });
    expect(breaker.snapshot()).toMatchObject({ state: 'open', nextAttemptAt: time.t + 10_000 });
  });

  it('a stream cancelled before output releases the probe without a verdict', async () => {
    const { guarded, breaker, time } = setup([{ fail: apiError(500) }, { fail: apiError(500) }, { fail: apiError(500) }, { fail: apiError(500) }, { fail: apiError(500) }, { steps: [{ stall: true }] }]);
    for (let i = 0; i < 5; i++) await expect(run(guarded)).rejects.toBeDefined();
    time.t += 10_000;
    const { stream } = await guarded.doStream({ prompt });
    await stream.cancel();
    expect(breaker.state).toBe('half-open');
    expect(breaker.canRequest()).toBe(true);
  });
});
