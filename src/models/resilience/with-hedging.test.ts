import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LatencyRegistry } from './latency-tracker.js';
import { apiError, collect, prompt, scriptedModel, textOf, textSteps, type Script } from './testing.js';
import { withHedging } from './with-hedging.js';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

/** Answers `text` with its first token after `ms`. */
const after = (ms: number, text: string): Script => ({ steps: [{ type: 'stream-start', warnings: [] }, { wait: ms }, ...textSteps([text]).slice(1)] });
const policy = { defaultMs: 200, minSamples: 5, floorMs: 50 };

function setup(scripts: Script[][], latency = new LatencyRegistry()) {
  const models = scripts.map((s) => scriptedModel(s));
  const events = { onHedge: vi.fn(), onHedgeWin: vi.fn(), onFailover: vi.fn() };
  const ids = ['a', 'b', 'c', 'd'];
  const model = withHedging(
    models.map((m, i) => ({ id: ids[i], model: m })),
    { latency, events, policy },
  );
  return { models, events, model };
}

describe('withHedging', () => {
  it('starts a hedge after the threshold; the faster wins and the loser is aborted', async () => {
    const { models, events, model } = setup([[after(1000, 'slow a')], [after(10, 'fast b')]]);
    const call = model.doStream({ prompt });
    await vi.advanceTimersByTimeAsync(199);
    expect(models[1].calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(11);
    const parts = await collect((await call).stream);
    expect(textOf(parts)).toBe('fast b');
    expect(models[0].calls[0].aborted).toBe(true);
    expect(events.onHedge).toHaveBeenCalledWith({ primary: 'a', hedge: 'b', thresholdMs: 200 });
    expect(events.onHedgeWin).toHaveBeenCalledWith({ winner: 'b', loser: 'a' });
    expect(parts.at(-1)).toMatchObject({
      providerMetadata: { redline: { provider: 'b', attempts: [{ id: 'b', outcome: 'success' }, { id: 'a', outcome: 'hedge-lost' }] } },
    });
  });

  it('the primary can still win the race; then the hedge is aborted', async () => {
    const { models, events, model } = setup([[after(300, 'a')], [after(1000, 'b')]]);
    const call = model.doStream({ prompt });
    await vi.advanceTimersByTimeAsync(300);
    expect(textOf(await collect((await call).stream))).toBe('a');
    expect(models[1].calls[0].aborted).toBe(true);
    expect(events.onHedgeWin).toHaveBeenCalledWith({ winner: 'a', loser: 'b' });
  });

  it('does not hedge a primary that answers in time', async () => {
    const { models, events, model } = setup([[after(100, 'a')], [after(10, 'b')]]);
    const call = model.doStream({ prompt });
    await vi.advanceTimersByTimeAsync(100);
    const parts = collect((await call).stream);
    await vi.advanceTimersByTimeAsync(1000);
    expect(textOf(await parts)).toBe('a');
    expect(models[1].calls).toHaveLength(0);
    expect(events.onHedge).not.toHaveBeenCalled();
  });

  it('hedges at most once per request', async () => {
    const { models, events, model } = setup([[after(1000, 'a')], [after(1000, 'b')], [after(1, 'c')]]);
    const call = model.doStream({ prompt });
    await vi.advanceTimersByTimeAsync(1000);
    expect(textOf(await collect((await call).stream))).toBe('a');
    expect(models[2].calls).toHaveLength(0);
    expect(events.onHedge).toHaveBeenCalledTimes(1);
  });

  it('starts the next candidate at once when the primary fails before the threshold', async () => {
    const { models, events, model } = setup([[{ fail: apiError(503), delay: 30 }], [after(10, 'b')]]);
    const call = model.doStream({ prompt });
    await vi.advanceTimersByTimeAsync(40);
    expect(textOf(await collect((await call).stream))).toBe('b');
    expect(models[1].calls).toHaveLength(1);
    expect(events.onHedge).not.toHaveBeenCalled();
    expect(events.onFailover).toHaveBeenCalledWith(expect.objectContaining({ from: 'a', to: 'b' }));
  });

  it('falls over to the next candidate when both racers fail', async () => {
    const { models, model } = setup([[{ fail: apiError(500), delay: 1000 }], [{ fail: apiError(502), delay: 1000 }], [after(1, 'c')]]);
    const call = model.doStream({ prompt });
    await vi.advanceTimersByTimeAsync(1300);
    expect(textOf(await collect((await call).stream))).toBe('c');
    expect(models[2].calls).toHaveLength(1);
  });

  it('waits for the primary p90 once there are enough samples', async () => {
    const latency = new LatencyRegistry();
    for (let i = 0; i < 10; i++) latency.get('a').record(500);
    const { events, model } = setup([[after(1000, 'a')], [after(10, 'b')]], latency);
    const call = model.doStream({ prompt });
    await vi.advanceTimersByTimeAsync(520);
    await call;
    expect(events.onHedge).toHaveBeenCalledWith({ primary: 'a', hedge: 'b', thresholdMs: 500 });
  });

  it('a user abort stops both racers', async () => {
    const { models, model } = setup([[after(1000, 'a')], [after(1000, 'b')]]);
    const controller = new AbortController();
    const call = model.doStream({ prompt, abortSignal: controller.signal });
    const failed = expect(call).rejects.toThrow('stop');
    await vi.advanceTimersByTimeAsync(300);
    controller.abort(new Error('stop'));
    await failed;
    expect(models[0].calls[0].aborted).toBe(true);
    expect(models[1].calls[0].aborted).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });
});
