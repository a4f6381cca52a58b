import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ModelTimeoutError } from './errors.js';
import { collect, finish, prompt, scriptedModel, textOf, textSteps, type Step } from './testing.js';
import { withTimeouts } from './with-timeouts.js';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

const delta = (d: string): Step => ({ type: 'text-delta', id: 't0', delta: d });

describe('withTimeouts', () => {
  it('rejects doStream when the response does not start in time, aborting the request', async () => {
    const model = scriptedModel([{ steps: textSteps(['hi']), delay: 60_000 }]);
    const call = withTimeouts(model, { firstTokenMs: 1000, id: 'p:m' }).doStream({ prompt });
    const failed = expect(call).rejects.toMatchObject({ code: 'timeout', phase: 'first-token', retryable: true, provider: 'p:m' });
    await vi.advanceTimersByTimeAsync(1000);
    await failed;
    expect(model.calls[0].aborted).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('ends a stream without a first token with a timeout error part (and aborts it)', async () => {
    const model = scriptedModel([{ steps: [{ type: 'stream-start', warnings: [] }, { stall: true }] }]);
    const { stream } = await withTimeouts(model, { firstTokenMs: 1000 }).doStream({ prompt });
    const parts = collect(stream);
    await vi.advanceTimersByTimeAsync(1000);
    const out = await parts;
    expect(out.at(-1)).toMatchObject({ type: 'error', error: { phase: 'first-token' } });
    expect((out.at(-1) as { error: unknown }).error).toBeInstanceOf(ModelTimeoutError);
    expect(model.calls[0].aborted).toBe(true);
  });

  it('ends a stream that goes silent with an idle timeout, keeping what came before', async () => {
    const model = scriptedModel([{ steps: [{ type: 'text-start', id: 't0' }, delta('Hel'), delta('lo'), { stall: true }] }]);
    const { stream } = await withTimeouts(model, { idleMs: 500 }).doStream({ prompt });
    const parts = collect(stream);
    await vi.advanceTimersByTimeAsync(499);
    expect(model.calls[0].aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const out = await parts;
    expect(textOf(out)).toBe('Hello');
    expect(out.at(-1)).toMatchObject({ type: 'error', error: { code: 'timeout', phase: 'idle' } });
    expect(model.calls[0].aborted).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does not time out a steady stream, and leaves no timer behind', async () => {
    const steps: Step[] = [{ type: 'text-start', id: 't0' }];
    for (let i = 0; i < 20; i++) steps.push({ wait: 400 }, delta(`${i} `));
    steps.push(finish());
    const model = scriptedModel([{ steps }]);
    const { stream } = await withTimeouts(model, { firstTokenMs: 500, idleMs: 500 }).doStream({ prompt });
    const parts = collect(stream);
    await vi.advanceTimersByTimeAsync(20 * 400);
    const out = await parts;
    expect(out.at(-1)?.type).toBe('finish');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('arms one timer per call, not one per part', async () => {
    const steps: Step[] = [{ type: 'text-start', id: 't0' }];
    for (let i = 0; i < 1000; i++) steps.push(delta('x'));
    steps.push({ stall: true });
    const model = scriptedModel([{ steps }]);
    const spy = vi.spyOn(globalThis, 'setTimeout');
    const { stream } = await withTimeouts(model, { idleMs: 500 }).doStream({ prompt });
    const parts = collect(stream);
    await vi.advanceTimersByTimeAsync(600);
    await parts;
    // The initial arm, a re-arm or two when the deadline moved, and nothing per delta.
    expect(spy.mock.calls.length).toBeLessThan(5);
    spy.mockRestore();
  });

  it('bounds the whole call', async () => {
    const steps: Step[] = [{ type: 'text-start', id: 't0' }];
    for (let i = 0; i < 100; i++) steps.push({ wait: 100 }, delta('x'));
    const model = scriptedModel([{ steps }]);
    const { stream } = await withTimeouts(model, { totalMs: 1000, idleMs: 500 }).doStream({ prompt });
    const parts = collect(stream);
    await vi.advanceTimersByTimeAsync(1000);
    const out = await parts;
    expect(out.at(-1)).toMatchObject({ type: 'error', error: { phase: 'total' } });
    expect(textOf(out).length).toBeGreaterThanOrEqual(9);
    expect(model.calls[0].aborted).toBe(true);
  });

  it('does not count a slow consumer as provider silence', async () => {
    const model = scriptedModel([{ steps: textSteps(['a', 'b', 'c']) }]);
    const { stream } = await withTimeouts(model, { idleMs: 500 }).doStream({ prompt });
    const reader = stream.getReader();
    const seen: string[] = [];
    for (;;) {
      const read = reader.read();
      await vi.advanceTimersByTimeAsync(0);
      const { done, value } = await read;
      if (done) break;
      seen.push(value.type);
      await vi.advanceTimersByTimeAsync(2000); // the consumer dawdles between reads
    }
    expect(seen).not.toContain('error');
    expect(seen.at(-1)).toBe('finish');
  });

  it("passes the caller's abort down to the request and stops its clocks", async () => {
    const model = scriptedModel([{ steps: [{ type: 'text-start', id: 't0' }, delta('a'), { stall: true }] }]);
    const controller = new AbortController();
    const { stream } = await withTimeouts(model).doStream({ prompt, abortSignal: controller.signal });
    const parts = collect(stream).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(10);
    controller.abort(new Error('stop'));
    expect(await parts).toMatchObject({ message: 'stop' });
    expect(model.calls[0].aborted).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('bounds doGenerate by the total time', async () => {
    const model = scriptedModel([]);
    let signal: AbortSignal | undefined;
    model.doGenerate = (options) => {
      signal = options.abortSignal;
      return new Promise(() => {});
    };
    const call = withTimeouts(model, { totalMs: 1000 }).doGenerate({ prompt });
    const failed = expect(call).rejects.toMatchObject({ phase: 'total' });
    await vi.advanceTimersByTimeAsync(1000);
    await failed;
    expect(signal?.aborted).toBe(true);
  });
});
