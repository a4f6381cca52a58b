import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream, type Faults } from '../fake-upstream/index.js';
import { startTestServer, type TestServer } from '../support/redline-server.js';
import { describeAnswer, isCompleteAnswer, promptFor, runPool, streamChat } from './support/chat-client.js';
import { chatRequests, replayFaultPlans } from './support/fake-plans.js';
import { fakeProvider, writeConfigFile, type ConfigFileOnDisk } from './support/redline-config.js';

const SLOW_MS = 1500;
const SEED = 7;
const faults: Faults = { latency: { kind: 'slowTail', probability: 0.2, ms: SLOW_MS } };

// One request in five waits 1.5 s for the primary's first token. With hedging, the same request
// starts on the secondary once the primary is late, the first to answer wins, and the other is cancelled.
describe('slow tail on the primary, hedged alias', () => {
  let primary: FakeUpstream;
  let secondary: FakeUpstream;
  let config: ConfigFileOnDisk;
  let redline: TestServer;

  beforeAll(async () => {
    primary = await startFakeUpstream({ name: 'primary', models: ['m'], seed: SEED, faults });
    secondary = await startFakeUpstream({ name: 'secondary', models: ['m'] });
    config = writeConfigFile({
      providers: { primary: fakeProvider(primary.url), secondary: fakeProvider(secondary.url) },
      aliases: { chat: { models: ['primary:m', 'secondary:m'], hedge: true } },
      // Few samples and a short default, so hedging is in force from the first requests.
      resilience: { hedge: { minSamples: 3, defaultMs: 150, floorMs: 50 } },
    });
    redline = await startTestServer({ env: { REDLINE_CONFIG: config.path } });
  });
  afterAll(async () => {
    await redline?.close();
    await primary?.close();
    await secondary?.close();
    config?.remove();
  });

  it('gets the first token well before the slow primary would have sent it, and cancels the slow request', async () => {
    const count = 40;
    const answers = await runPool(count, 4, (i) => streamChat({ url: redline.url, apiKey: redline.apiKey, model: 'chat', content: promptFor(i) }));
    const bad = answers.flatMap((answer, i) => (isCompleteAnswer(answer, promptFor(i)) ? [] : [describeAnswer(answer, promptFor(i))]));
    expect(bad).toEqual([]);

    // Which requests the primary made slow, from its seeded fault plans.
    const slowPrompts = new Set(replayFaultPlans(primary, { seed: SEED, faults }).flatMap(({ prompt, plan }) => (plan.ttftMs >= SLOW_MS ? [prompt] : [])));
    expect(slowPrompts.size).toBeGreaterThan(0);
    const slowTtfts = answers.flatMap((answer, i) => (slowPrompts.has(promptFor(i)) ? [Math.round(answer.ttftMs ?? Infinity)] : []));
    expect(slowTtfts.length).toBe(slowPrompts.size);
    // Well before the slow primary's 1.5 s, with room for a busy 2-core machine (hedges start after ~50 ms here).
    expect(slowTtfts.filter((ttft) => ttft >= 1000), `first-token times (ms) of slow-primary requests: ${slowTtfts.join(', ')}`).toEqual([]);

    // Every slow primary request was cancelled, not left running to the end.
    await expect.poll(() => primary.stats().byOutcome.aborted ?? 0, { timeout: 5000 }).toBeGreaterThanOrEqual(slowPrompts.size);
    expect(primary.stats().active).toBe(0);

    // Hedging costs extra upstream requests, but boundedly: about the slow share, not a second request for everything.
    const upstream = chatRequests(primary).length + chatRequests(secondary).length;
    expect(upstream).toBeLessThanOrEqual(Math.ceil(count * 1.5));
  });
});
