import { describe, expect, it, vi } from 'vitest';
import { LatencyRegistry } from './latency-tracker.js';
import { apiError, brokenSteps, collect, prompt, scriptedModel, textSteps } from './testing.js';
import { withObservation } from './with-observation.js';

describe('withObservation', () => {
  it('reports time to first token (and records it) and the outcome of each call', async () => {
    const events = { onFirstToken: vi.fn(), onOutcome: vi.fn() };
    const latency = new LatencyRegistry();
    const model = scriptedModel([{ steps: [{ wait: 20 }, ...textSteps(['hi'])] }, { fail: apiError(500) }, { steps: brokenSteps(['x'], apiError(502)) }]);
    const observed = withObservation(model, { id: 'p:m', events, latency });

    await collect((await observed.doStream({ prompt })).stream);
    expect(events.onFirstToken).toHaveBeenCalledTimes(1);
    const ms = events.onFirstToken.mock.calls[0][0].ms;
    expect(ms).toBeGreaterThanOrEqual(15);
    expect(latency.get('p:m').quantile(0.5)).toBe(ms);
    expect(events.onOutcome).toHaveBeenLastCalledWith(expect.objectContaining({ id: 'p:m', outcome: 'success' }));

    await expect(observed.doStream({ prompt })).rejects.toBeDefined();
    expect(events.onOutcome).toHaveBeenLastCalledWith(expect.objectContaining({ outcome: 'error' }));

    await collect((await observed.doStream({ prompt })).stream);
    expect(events.onOutcome).toHaveBeenLastCalledWith(expect.objectContaining({ outcome: 'error' }));
  });

  it('reports a cancelled or aborted call as aborted', async () => {
    const events = { onOutcome: vi.fn() };
    const model = scriptedModel([{ steps: [{ stall: true }] }]);
    const { stream } = await withObservation(model, { id: 'p:m', events }).doStream({ prompt });
    await stream.cancel();
    expect(events.onOutcome).toHaveBeenCalledWith(expect.objectContaining({ outcome: 'aborted' }));
  });
});
