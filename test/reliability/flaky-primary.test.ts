import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/index.js';
import { startTestServer, type TestServer } from '../support/redline-server.js';
import { describeAnswer, isCompleteAnswer, metricValue, promptFor, runPool, streamChat } from './support/chat-client.js';
import { fakeProvider, writeConfigFile, type ConfigFileOnDisk } from './support/redline-config.js';

// A primary that fails 30 % of requests before the first byte and cuts 10 % of streams after three
// chunks, and a healthy secondary: every user still gets the whole answer, exactly once.
describe('flaky primary, healthy secondary', () => {
  let primary: FakeUpstream;
  let secondary: FakeUpstream;
  let config: ConfigFileOnDisk;
  let redline: TestServer;

  beforeAll(async () => {
    primary = await startFakeUpstream({ name: 'primary', models: ['m'], seed: 42, faults: { errorRate: 0.3, cutRate: 0.1 } });
    secondary = await startFakeUpstream({ name: 'secondary', models: ['m'] });
    config = writeConfigFile({
      providers: { primary: fakeProvider(primary.url), secondary: fakeProvider(secondary.url) },
      aliases: { chat: ['primary:m', 'secondary:m'] },
      // Short backoff keeps the test fast; the mechanisms are the defaults otherwise.
      resilience: { retry: { baseDelayMs: 20, maxDelayMs: 100 } },
    });
    redline = await startTestServer({ env: { REDLINE_CONFIG: config.path } });
  });
  afterAll(async () => {
    await redline?.close();
    await primary?.close();
    await secondary?.close();
    config?.remove();
  });

  it('answers every request completely and coherently, continuing cut streams from their partial text', async () => {
    const count = 60;
    const answers = await runPool(count, 8, (i) => streamChat({ url: redline.url, apiKey: redline.apiKey, model: 'chat', content: promptFor(i) }));

    const bad = answers.flatMap((answer, i) => (isCompleteAnswer(answer, promptFor(i)) ? [] : [describeAnswer(answer, promptFor(i))]));
    expect(bad).toEqual([]);

    // The faults really happened: errors before output, and streams cut after some text.
    const stats = primary.stats().byOutcome;
    expect(stats.error ?? 0).toBeGreaterThan(0);
    expect(stats.cut ?? 0).toBeGreaterThan(0);
    const metrics = await (await fetch(`${redline.url}/metrics`)).text();
    expect(metricValue(metrics, 'redline_model_continuations_total') ?? 0).toBeGreaterThan(0);
  });
});
