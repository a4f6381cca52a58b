import { describe, expect, it } from 'vitest';
import { linkAbort, openUntilContent, relayStream, sumUsage } from './stream-utils.js';
import { collect, prompt, scriptedModel, textSteps, usage } from './testing.js';

describe('openUntilContent', () => {
  it('reads up to the first content part and hands over the rest', async () => {
    const model = scriptedModel([{ steps: textSteps(['a', 'b']) }]);
    const opened = await openUntilContent(model, { prompt });
    expect(opened.head.map((p) => p.type)).toEqual(['stream-start', 'text-start', 'text-delta']);
    const rest = await collect(relayStream(opened));
    expect(rest.map((p) => p.type)).toEqual(['stream-start', 'text-start', 'text-delta', 'text-delta', 'text-end', 'finish']);
  });

  it('rejects on abort even when the model ignores its signal', async () => {
    const model = scriptedModel([]);
    model.doStream = () => new Promise(() => {});
    const controller = new AbortController();
    const opening = openUntilContent(model, { prompt, abortSignal: controller.signal });
    controller.abort(new Error('stop'));
    await expect(opening).rejects.toThrow('stop');
  });
});

describe('relayStream', () => {
  it('cancels its source when cancelled, and reports how it ended', async () => {
    const model = scriptedModel([{ steps: [{ stall: true }] }]);
    const { stream } = await model.doStream({ prompt });
    const ends: string[] = [];
    const relayed = relayStream({ reader: stream.getReader() }, { end: (e) => ends.push(e.type) });
    await relayed.cancel('bye');
    expect(model.calls[0].cancelled).toBe(true);
    expect(ends).toEqual(['cancel']);
  });
});

describe('linkAbort', () => {
  it('follows its parent until disposed', () => {
    const parent = new AbortController();
    const link = linkAbort(parent.signal);
    link.dispose();
    parent.abort();
    expect(link.signal.aborted).toBe(false);
    const linked = linkAbort(parent.signal);
    expect(linked.signal.aborted).toBe(true);
  });
});

describe('sumUsage', () => {
  it('adds known fields and keeps unknown ones unknown', () => {
    expect(sumUsage(usage(1, 2), usage(3, 4))).toMatchObject({ inputTokens: { total: 4, cacheRead: undefined }, outputTokens: { total: 6 } });
  });
});
