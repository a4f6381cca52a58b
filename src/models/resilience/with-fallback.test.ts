import { describe, expect, it, vi } from 'vitest';
import { AllCandidatesFailedError, CircuitOpenError, ModelTimeoutError } from './errors.js';
import { mapOptionsFor } from './map-options.js';
import { apiError, collect, networkError, prompt, scriptedModel, textOf, textSteps, type Script } from './testing.js';
import type { ResilienceEvents } from './types.js';
import { withFallback } from './with-fallback.js';
import { withTimeouts } from './with-timeouts.js';

const answer = (text: string): Script => ({ steps: textSteps([text]) });

describe('withFallback', () => {
  it('tries candidates in order and says which one answered', async () => {
    const a = scriptedModel([{ fail: apiError(503) }]);
    const b = scriptedModel([{ fail: networkError('ECONNRESET') }]);
    const c = scriptedModel([answer('from c')]);
    const onFailover = vi.fn();
    const model = withFallback(
      [
        { id: 'a:1', model: a },
        { id: 'b:1', model: b },
        { id: 'c:1', model: c },
      ],
      { events: { onFailover } },
    );
    const parts = await collect((await model.doStream({ prompt })).stream);
    expect(textOf(parts)).toBe('from c');
    expect(parts.filter((p) => p.type === 'response-metadata')).toEqual([{ type: 'response-metadata', modelId: 'c:1' }]);
    const finish = parts.at(-1);
    expect(finish).toMatchObject({
      type: 'finish',
      providerMetadata: {
        redline: {
          provider: 'c:1',
          attempts: [
            { id: 'a:1', outcome: 'error', error: 'HTTP 503' },
            { id: 'b:1', outcome: 'error' },
            { id: 'c:1', outcome: 'success' },
          ],
        },
      },
    });
    expect(onFailover.mock.calls.map(([e]) => [e.from, e.to])).toEqual([
      ['a:1', 'b:1'],
      ['b:1', 'c:1'],
    ]);
  });

  it('throws a non-retryable error as is, without trying the next candidate', async () => {
    const error = apiError(401);
    const b = scriptedModel([answer('b')]);
    const model = withFallback([
      { id: 'a', model: scriptedModel([{ fail: error }]) },
      { id: 'b', model: b },
    ]);
    await expect(model.doStream({ prompt })).rejects.toBe(error);
    expect(b.calls).toHaveLength(0);
  });

  it('moves on from an open circuit and a first-token timeout', async () => {
    vi.useFakeTimers();
    try {
      const slow = scriptedModel([{ steps: textSteps(['late']), delay: 60_000 }]);
      const model = withFallback([
        { id: 'open', model: scriptedModel([{ fail: new CircuitOpenError({ key: 'open', retryAt: 0 }) }]) },
        { id: 'slow', model: withTimeouts(slow, { firstTokenMs: 1000 }) },
        { id: 'ok', model: scriptedModel([answer('ok')]) },
      ]);
      const call = model.doStream({ prompt });
      await vi.advanceTimersByTimeAsync(1000);
      expect(textOf(await collect((await call).stream))).toBe('ok');
      expect(slow.calls[0].aborted).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('reports every failure when all candidates fail; a lone candidate fails with its own error', async () => {
    const model = withFallback([
      { id: 'a', model: scriptedModel([{ fail: apiError(500) }]) },
      { id: 'b', model: scriptedModel([{ fail: new ModelTimeoutError({ phase: 'first-token', timeoutMs: 5 }) }]) },
    ]);
    const error = await model.doStream({ prompt }).then(null, (e: unknown) => e);
    expect(error).toBeInstanceOf(AllCandidatesFailedError);
    expect(error).toMatchObject({ code: 'all_candidates_failed', retryable: true, attempts: [{ id: 'a' }, { id: 'b' }] });
    expect((error as Error).message).toContain('a: HTTP 500; b: timeout (first-token)');

    const lone = apiError(502);
    await expect(withFallback([{ id: 'a', model: scriptedModel([{ fail: lone }]) }]).doStream({ prompt })).rejects.toBe(lone);
  });

  it('maps call options for each candidate', async () => {
    const a = scriptedModel([{ fail: apiError(500) }]);
    const b = scriptedModel([answer('b')]);
    const model = withFallback([
      { id: 'openai:x', model: a, mapOptions: mapOptionsFor('openai') },
      { id: 'anthropic:y', model: b, mapOptions: mapOptionsFor('anthropic') },
    ]);
    await collect((await model.doStream({ prompt, seed: 1, temperature: 1.4, frequencyPenalty: 1, topK: 5 })).stream);
    expect(a.calls[0].options).toMatchObject({ seed: 1, temperature: 1.4, frequencyPenalty: 1 });
    expect(a.calls[0].options.topK).toBeUndefined();
    expect(b.calls[0].options).toMatchObject({ temperature: 1, topK: 5, maxOutputTokens: 4096 });
    expect(b.calls[0].options.seed).toBeUndefined();
    expect(b.calls[0].options.frequencyPenalty).toBeUndefined();
  });

  it('tries unhealthy candidates last', async () => {
    const a = scriptedModel([answer('a')]);
    const b = scriptedModel([answer('b')]);
    const model = withFallback(
      [
        { id: 'a', model: a },
        { id: 'b', model: b },
      ],
      { isHealthy: (id) => id !== 'a' },
    );
    expect(textOf(await collect((await model.doStream({ prompt })).stream))).toBe('b');
    expect(a.calls).toHaveLength(0);
  });

  it('stops everything when the caller aborts', async () => {
    const a = scriptedModel([{ steps: [{ stall: true }] }]);
    const b = scriptedModel([answer('b')]);
    const events: ResilienceEvents = { onFailover: vi.fn() };
    const controller = new AbortController();
    const call = withFallback(
      [
        { id: 'a', model: a },
        { id: 'b', model: b },
      ],
      { events },
    ).doStream({ prompt, abortSignal: controller.signal });
    await new Promise((r) => setTimeout(r, 5));
    controller.abort(new Error('Stopped by the user.'));
    await expect(call).rejects.toThrow('Stopped by the user.');
    expect(a.calls[0].aborted).toBe(true);
    expect(b.calls).toHaveLength(0);
    expect(events.onFailover).not.toHaveBeenCalled();
  });

  it('falls back for doGenerate too', async () => {
    const a = scriptedModel([]);
    a.doGenerate = async () => {
      throw apiError(503);
    };
    const b = scriptedModel([]);
    b.doGenerate = async () => ({ content: [{ type: 'text', text: 'b' }], finishReason: { unified: 'stop', raw: 'stop' }, usage: {} as never, warnings: [] });
    const result = await withFallback([
      { id: 'a', model: a },
      { id: 'b', model: b },
    ]).doGenerate({ prompt });
    expect(result.content).toEqual([{ type: 'text', text: 'b' }]);
    expect(result.response?.modelId).toBe('b');
    expect(result.providerMetadata?.redline).toMatchObject({ provider: 'b', attempts: [{ id: 'a', outcome: 'error' }, { id: 'b', outcome: 'success' }] });
  });
});
