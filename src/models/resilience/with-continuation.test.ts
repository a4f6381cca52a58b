import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiError, brokenSteps, collect, finish, prompt, scriptedModel, terminated, textOf, textSteps, usage, type Script, type Step } from './testing.js';
import type { Candidate } from './types.js';
import { withAssistantPrefix, withContinuation } from './with-continuation.js';
import { withFallback } from './with-fallback.js';
import { withTimeouts } from './with-timeouts.js';
import type { Part } from './stream-utils.js';

afterEach(() => void vi.useRealTimers());

function chain(scripts: Script[][], options: { maxContinuations?: number } = {}) {
  const models = scripts.map((s, i) => scriptedModel(s, { modelId: `m${i}` }));
  const candidates: Candidate[] = models.map((model, i) => ({ id: `p${i}:m`, model }));
  const onContinuation = vi.fn();
  const model = withContinuation(withFallback(candidates), { candidates, events: { onContinuation }, ...options });
  return { models, model, onContinuation };
}

async function answer(model: ReturnType<typeof chain>['model'], abortSignal?: AbortSignal): Promise<Part[]> {
  return collect((await model.doStream({ prompt, abortSignal })).stream);
}

/** Text blocks must stay well-formed: one start, one end, every delta inside. */
function expectOneTextBlock(parts: Part[]) {
  const starts = parts.filter((p) => p.type === 'text-start');
  const ends = parts.filter((p) => p.type === 'text-end');
  expect(starts).toHaveLength(1);
  expect(ends).toHaveLength(1);
  const id = (starts[0] as { id: string }).id;
  for (const p of parts) if (p.type === 'text-delta') expect(p.id).toBe(id);
}

describe('withContinuation', () => {
  it('continues a broken stream on the same candidate, from the partial text', async () => {
    const { models, model, onContinuation } = chain([[{ steps: brokenSteps(['The quick ', 'brown'], apiError(503)) }, { steps: textSteps([' fox jumps.'], { usage: usage(20, 4) }) }]]);
    const parts = await answer(model);
    expect(textOf(parts)).toBe('The quick brown fox jumps.');
    expectOneTextBlock(parts);
    expect(parts.some((p) => p.type === 'error')).toBe(false);
    expect(models[0].calls).toHaveLength(2);
    expect(models[0].calls[1].options.prompt.at(-1)).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'The quick brown' }] });
    expect(onContinuation).toHaveBeenCalledWith(expect.objectContaining({ from: 'p0:m', to: 'p0:m', atChar: 15 }));
    expect(parts.at(-1)).toMatchObject({ type: 'finish', usage: usage(20, 4), providerMetadata: { redline: { provider: 'p0:m', continuations: [{ atChar: 15, provider: 'p0:m' }] } } });
  });

  it('removes the overlap when the continuation repeats the end of the prefix', async () => {
    const { model } = chain([[{ steps: brokenSteps(['The quick ', 'brown fox'], terminated(), { as: 'throw' }) }, { steps: textSteps(['brown fox', ' jumps over', ' the dog.']) }]]);
    const parts = await answer(model);
    expect(textOf(parts)).toBe('The quick brown fox jumps over the dog.');
    expectOneTextBlock(parts);
  });

  it('drops a continuation that restarts the whole answer up to where it broke', async () => {
    const sent = ['Paris is the capital ', 'of France, and ', 'its largest'];
    const { model } = chain([[{ steps: brokenSteps(sent, apiError(500)) }, { steps: textSteps(['Paris is the capital of ', 'France, and its largest city.']) }]]);
    expect(textOf(await answer(model))).toBe('Paris is the capital of France, and its largest city.');
  });

  it('moves to the next candidate after using the same one once, and stops after maxContinuations', async () => {
    const { models, model } = chain([
      [{ steps: brokenSteps(['One ', 'two '], apiError(503)) }, { steps: brokenSteps(['three '], apiError(503)) }],
      [{ steps: brokenSteps(['four '], apiError(503)) }],
    ]);
    const parts = await answer(model);
    expect(textOf(parts)).toBe('One two three four ');
    expect(models[0].calls).toHaveLength(2);
    expect(models[1].calls).toHaveLength(1);
    expect(models[1].calls[0].options.prompt.at(-1)).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'One two three' }] });
    expect(parts.filter((p) => p.type === 'error')).toHaveLength(1); // the third break reaches the consumer
  });

  it('sums the usage of the broken attempt when it still reports it', async () => {
    const broken: Step[] = [...brokenSteps(['Hello'], apiError(503)), finish(usage(10, 3))];
    const { model } = chain([[{ steps: broken }, { steps: [{ wait: 20 }, ...textSteps([' world'], { usage: usage(12, 4) })] }]]);
    const parts = await answer(model);
    expect(textOf(parts)).toBe('Hello world');
    expect(parts.at(-1)).toMatchObject({ usage: { inputTokens: { total: 22 }, outputTokens: { total: 7 } } });
  });

  it('continues after an idle timeout, aborting the stalled request', async () => {
    vi.useFakeTimers();
    const stalled: Step[] = [{ type: 'text-start', id: 't0' }, { type: 'text-delta', id: 't0', delta: 'Half an' }, { stall: true }];
    const raw = scriptedModel([{ steps: stalled }, { steps: textSteps([' answer.']) }]);
    const candidates = [{ id: 'p:m', model: withTimeouts(raw, { idleMs: 1000 }) }];
    const model = withContinuation(withFallback(candidates), { candidates });
    const parts = answer(model);
    await vi.advanceTimersByTimeAsync(1000);
    expect(textOf(await parts)).toBe('Half an answer.');
    expect(raw.calls[0].aborted).toBe(true);
  });

  it('passes a non-retryable mid-stream error through', async () => {
    const error = apiError(400);
    const { models, model } = chain([[{ steps: brokenSteps(['Hi'], error) }, { steps: textSteps(['x']) }]]);
    const parts = await answer(model);
    expect(textOf(parts)).toBe('Hi');
    expect(parts.at(-1)).toEqual({ type: 'error', error });
    expect(models[0].calls).toHaveLength(1);
  });

  it('ends the answer honestly when nobody can continue it', async () => {
    const break1 = apiError(503);
    const { model } = chain([[{ steps: brokenSteps(['Partial'], break1) }, { fail: apiError(503) }], [{ fail: apiError(500) }]]);
    const parts = await answer(model);
    expect(textOf(parts)).toBe('Partial');
    expect(parts.slice(-3).map((p) => p.type)).toEqual(['text-end', 'error', 'finish']);
    expect(parts.at(-2)).toEqual({ type: 'error', error: break1 });
    expect(parts.at(-1)).toMatchObject({ finishReason: { unified: 'error' } });
  });

  it('does not continue after a user abort', async () => {
    const controller = new AbortController();
    const { models, model } = chain([
      [{ steps: [{ type: 'text-start', id: 't0' }, { type: 'text-delta', id: 't0', delta: 'Hi' }, { stall: true }] }, { steps: textSteps(['x']) }],
    ]);
    const parts = answer(model, controller.signal).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 5));
    controller.abort(new Error('Stopped by the user.'));
    expect(await parts).toMatchObject({ message: 'Stopped by the user.' });
    expect(models[0].calls).toHaveLength(1);
  });

  it('does not continue once a tool was called', async () => {
    const steps: Step[] = [
      { type: 'text-start', id: 't0' },
      { type: 'text-delta', id: 't0', delta: 'Let me check.' },
      { type: 'tool-call', toolCallId: 'c1', toolName: 'search', input: '{}' },
      { type: 'error', error: apiError(503) },
    ];
    const { models, model } = chain([[{ steps }, { steps: textSteps(['x']) }]]);
    await answer(model);
    expect(models[0].calls).toHaveLength(1);
  });

  it('leaves an unbroken stream untouched', async () => {
    const { model } = chain([[{ steps: textSteps(['All ', 'good.']) }]]);
    const parts = await answer(model);
    expect(textOf(parts)).toBe('All good.');
    expect((parts.at(-1) as { providerMetadata?: { redline?: { continuations?: unknown } } }).providerMetadata?.redline?.continuations).toBeUndefined();
  });
});

describe('withAssistantPrefix', () => {
  it('appends an assistant message, or extends a trailing one', () => {
    expect(withAssistantPrefix(prompt, 'Hi')).toEqual([...prompt, { role: 'assistant', content: [{ type: 'text', text: 'Hi' }] }]);
    const prefilled = withAssistantPrefix(prompt, 'Sure: ');
    expect(withAssistantPrefix(prefilled, 'here').at(-1)).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'Sure: here' }] });
  });
});

describe('withContinuation, cancelled', () => {
  it('aborts a continuation that is still starting when the consumer cancels', async () => {
    const candidates: Candidate[] = [];
    const model = scriptedModel([{ steps: brokenSteps(['Hi'], apiError(503)) }, { steps: [{ stall: true }] }]);
    candidates.push({ id: 'p:m', model });
    const { stream } = await withContinuation(withFallback(candidates), { candidates }).doStream({ prompt });
    const reader = stream.getReader();
    let read = await reader.read();
    while (!read.done && read.value.type !== 'text-delta') read = await reader.read();
    const pending = reader.read(); // hits the break and starts a continuation that stalls
    await new Promise((r) => setTimeout(r, 10));
    expect(model.calls).toHaveLength(2);
    await reader.cancel('bye');
    await pending;
    expect(model.calls[1].aborted).toBe(true);
  });
});
