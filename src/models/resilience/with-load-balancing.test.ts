import { describe, expect, it } from 'vitest';
import { apiError, collect, prompt, scriptedModel, textOf, textSteps, type Script, type ScriptedModel } from './testing.js';
import { withLoadBalancing } from './with-load-balancing.js';
import { withRetry } from './with-retry.js';

const held: Script = { steps: [...textSteps(['held']).slice(0, 3), { stall: true }] };
const quick: Script = { steps: textSteps(['ok']) };

function pool(weights: number[], script: Script = held) {
  const models = weights.map(() => scriptedModel([script]));
  const model = withLoadBalancing(models.map((m, i) => ({ id: `e${i}`, model: m, weight: weights[i] })));
  return { models, model };
}

const counts = (models: ScriptedModel[]) => models.map((m) => m.calls.length);

describe('withLoadBalancing', () => {
  it('picks by outstanding requests per unit of weight', async () => {
    const { models, model } = pool([2, 1]);
    const open = [];
    for (let i = 0; i < 3; i++) open.push(await model.doStream({ prompt }));
    expect(counts(models)).toEqual([2, 1]);
    for (let i = 0; i < 3; i++) open.push(await model.doStream({ prompt }));
    expect(counts(models)).toEqual([4, 2]);
    await Promise.all(open.map((r) => r.stream.cancel()));
  });

  it('counts a request until its stream ends', async () => {
    const { models, model } = pool([1, 1]);
    const first = await model.doStream({ prompt });
    await model.doStream({ prompt }).then((r) => r.stream.cancel());
    expect(counts(models)).toEqual([1, 1]);
    // e1 is free again, e0 still busy: the next goes to e1.
    await model.doStream({ prompt }).then((r) => r.stream.cancel());
    expect(counts(models)).toEqual([1, 2]);
    await first.stream.cancel();
  });

  it('round-robins between equal endpoints', async () => {
    const { models, model } = pool([1, 1, 1], quick);
    for (let i = 0; i < 6; i++) expect(textOf(await collect((await model.doStream({ prompt })).stream))).toBe('ok');
    expect(counts(models)).toEqual([2, 2, 2]);
  });

  it('skips endpoints whose breaker is open, unless all are', async () => {
    const models = [scriptedModel([quick]), scriptedModel([quick])];
    let open = new Set(['e0']);
    const model = withLoadBalancing(
      models.map((m, i) => ({ id: `e${i}`, model: m })),
      { isAvailable: (id) => !open.has(id) },
    );
    for (let i = 0; i < 4; i++) await collect((await model.doStream({ prompt })).stream);
    expect(counts(models)).toEqual([0, 4]);
    open = new Set(['e0', 'e1']);
    await collect((await model.doStream({ prompt })).stream);
    expect(counts(models).reduce((a, b) => a + b)).toBe(5);
  });

  it('tries the next endpoint after a failure before output; not after a 400', async () => {
    const bad = scriptedModel([{ fail: apiError(503) }]);
    const good = scriptedModel([quick]);
    const model = withLoadBalancing([
      { id: 'bad', model: bad, weight: 5 },
      { id: 'good', model: good },
    ]);
    expect(textOf(await collect((await model.doStream({ prompt })).stream))).toBe('ok');
    expect(counts([bad, good])).toEqual([1, 1]);

    const rejecting = withLoadBalancing([
      { id: 'a', model: scriptedModel([{ fail: apiError(400) }]), weight: 5 },
      { id: 'b', model: good },
    ]);
    await expect(rejecting.doStream({ prompt })).rejects.toMatchObject({ statusCode: 400 });
    expect(good.calls).toHaveLength(1);
  });

  it('composes with retry: a failed round starts over on the least loaded endpoint', async () => {
    let n = 0;
    const flaky = scriptedModel((): Script => (n++ < 2 ? { fail: apiError(502) } : quick));
    const model = withRetry(withLoadBalancing([{ id: 'only', model: flaky }]), { sleep: async () => {} });
    expect(textOf(await collect((await model.doStream({ prompt })).stream))).toBe('ok');
    expect(flaky.calls).toHaveLength(3);
  });
});
