import { describe, expect, it, vi } from 'vitest';
import { CircuitOpenError } from './errors.js';
import { apiError, brokenSteps, collect, networkError, prompt, scriptedModel, terminated, textOf, textSteps, type Script } from './testing.js';
import { withRetry } from './with-retry.js';

const ok: Script = { steps: textSteps(['Hello', ' world']) };

function setup(scripts: Script[], options: Parameters<typeof withRetry>[1] = {}) {
  const model = scriptedModel(scripts);
  const delays: number[] = [];
  const onRetry = vi.fn();
  const sleep = vi.fn(async (ms: number) => void delays.push(ms));
  const retried = withRetry(model, { id: 'p:m', sleep, random: () => 0.5, events: { onRetry }, ...options });
  return { model, retried, delays, onRetry, sleep };
}

describe('withRetry', () => {
  it.each([
    ['429', apiError(429)],
    ['500', apiError(500)],
    ['ECONNREFUSED', networkError('ECONNREFUSED')],
  ])('retries a %s and returns the answer', async (_, error) => {
    const { model, retried, onRetry } = setup([{ fail: error }, ok]);
    const { stream } = await retried.doStream({ prompt });
    expect(textOf(await collect(stream))).toBe('Hello world');
    expect(model.calls).toHaveLength(2);
    expect(onRetry).toHaveBeenCalledWith({ id: 'p:m', attempt: 1, delayMs: 125, error });
  });

  it.each([400, 401])('does not retry a %i: the error is passed on as is', async (status) => {
    const error = apiError(status);
    const { model, retried } = setup([{ fail: error }, ok]);
    await expect(retried.doStream({ prompt })).rejects.toBe(error);
    expect(model.calls).toHaveLength(1);
  });

  it('gives up after maxRetries with the last error', async () => {
    const last = apiError(503);
    const { model, retried } = setup([{ fail: apiError(500) }, { fail: apiError(502) }, { fail: last }, ok]);
    await expect(retried.doStream({ prompt })).rejects.toBe(last);
    expect(model.calls).toHaveLength(3);
  });

  it('backs off exponentially with full jitter, capped', async () => {
    const { retried, delays } = setup([{ fail: apiError(500) }, { fail: apiError(500) }, { fail: apiError(500) }, ok], {
      maxRetries: 3,
      baseDelayMs: 1000,
      maxDelayMs: 3000,
      random: () => 0.999,
    });
    await retried.doStream({ prompt });
    expect(delays).toEqual([999, 1998, 2997]);
  });

  it('retries an error part or a stream error before the first content part', async () => {
    const { model, retried } = setup([
      { steps: [{ type: 'stream-start', warnings: [] }, { type: 'error', error: apiError(503) }] },
      { steps: [{ type: 'stream-start', warnings: [] }, { throws: terminated() }] },
      ok,
    ]);
    const { stream } = await retried.doStream({ prompt });
    expect(textOf(await collect(stream))).toBe('Hello world');
    expect(model.calls).toHaveLength(3);
    expect(model.calls[0].cancelled || model.calls[0].aborted).toBe(true);
  });

  it('passes errors after output through without retrying', async () => {
    const error = apiError(503);
    const { model, retried } = setup([{ steps: brokenSteps(['Hel'], error) }, ok]);
    const parts = await collect((await retried.doStream({ prompt })).stream);
    expect(textOf(parts)).toBe('Hel');
    expect(parts.at(-1)).toEqual({ type: 'error', error });
    expect(model.calls).toHaveLength(1);
  });

  it('honours Retry-After', async () => {
    const { retried, delays } = setup([{ fail: apiError(429, { 'retry-after': '2' }) }, ok]);
    await retried.doStream({ prompt });
    expect(delays).toEqual([2000]);
  });

  it('fails at once when Retry-After exceeds the cap, so fallback can act', async () => {
    const error = apiError(429, { 'retry-after': '30' });
    const { model, retried, sleep } = setup([{ fail: error }, ok]);
    await expect(retried.doStream({ prompt })).rejects.toBe(error);
    expect(model.calls).toHaveLength(1);
    expect(sleep).not.toHaveBeenCalled();
  });

  it('does not retry an open circuit', async () => {
    const error = new CircuitOpenError({ key: 'p:m', retryAt: Date.now() + 1000 });
    const { model, retried } = setup([{ fail: error }, ok]);
    await expect(retried.doStream({ prompt })).rejects.toBe(error);
    expect(model.calls).toHaveLength(1);
  });

  it('stops retrying when the caller aborts, even mid-pause', async () => {
    const model = scriptedModel([{ fail: apiError(503) }, ok]);
    const controller = new AbortController();
    const retried = withRetry(model, { baseDelayMs: 60_000, random: () => 1, events: { onRetry: () => controller.abort(new Error('stop')) } });
    const started = Date.now();
    await expect(retried.doStream({ prompt, abortSignal: controller.signal })).rejects.toThrow('stop');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(model.calls).toHaveLength(1);
  });

  it('never calls the model after an abort', async () => {
    const { model, retried } = setup([ok]);
    await expect(retried.doStream({ prompt, abortSignal: AbortSignal.abort() })).rejects.toBeDefined();
    expect(model.calls).toHaveLength(0);
  });

  it('retries doGenerate the same way', async () => {
    const model = scriptedModel([]);
    let n = 0;
    model.doGenerate = async () => {
      if (n++ === 0) throw apiError(500);
      return { content: [{ type: 'text', text: 'ok' }], finishReason: { unified: 'stop', raw: 'stop' }, usage: {} as never, warnings: [] };
    };
    const result = await withRetry(model, { sleep: async () => {} }).doGenerate({ prompt });
    expect(result.content).toEqual([{ type: 'text', text: 'ok' }]);
    expect(n).toBe(2);
  });
});

describe('withRetry and an opening circuit', () => {
  it('reports the provider error, not "circuit open", when its own retries opened the circuit', async () => {
    const first = apiError(503);
    const { retried } = setup([{ fail: first }, { fail: new CircuitOpenError({ key: 'p:m', retryAt: 0 }) }]);
    await expect(retried.doStream({ prompt })).rejects.toBe(first);
  });
});
