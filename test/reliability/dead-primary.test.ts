import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/index.js';
import { startTestServer, type TestServer } from '../support/redline-server.js';
import { describeAnswer, isCompleteAnswer, metricValue, promptFor, runPool, streamChat } from './support/chat-client.js';
import { countConnectAttempts } from './support/connect-counter.js';
import { fakeProvider, writeConfigFile, type ConfigFileOnDisk } from './support/redline-config.js';

interface Health {
  providers: { key: string; state: string; failures: number }[];
}

// The primary's port refuses connections. Users must not notice: the secondary answers, and after a
// few failures the breaker stops Redline from even trying the dead provider.
describe('dead primary (connection refused), healthy secondary', () => {
  let primary: FakeUpstream;
  let secondary: FakeUpstream;
  let config: ConfigFileOnDisk;
  let redline: TestServer;

  beforeAll(async () => {
    primary = await startFakeUpstream({ name: 'primary', models: ['m'] });
    secondary = await startFakeUpstream({ name: 'secondary', models: ['m'] });
    config = writeConfigFile({
      providers: { primary: fakeProvider(primary.url), secondary: fakeProvider(secondary.url) },
      aliases: { chat: ['primary:m', 'secondary:m'] },
      // A long cooldown, so no half-open probe falls inside the test; short backoff between retries.
      resilience: { breaker: { failureThreshold: 5, cooldownMs: 60_000 }, retry: { baseDelayMs: 20, maxDelayMs: 100 } },
    });
    redline = await startTestServer({ env: { REDLINE_CONFIG: config.path } });
    await primary.stopListening();
  });
  afterAll(async () => {
    await redline?.close();
    await primary?.close();
    await secondary?.close();
    config?.remove();
  });

  const health = async () => ((await (await fetch(`${redline.url}/healthz`)).json()) as Health).providers.find((p) => p.key === 'primary:m');
  const ask = (i: number) => streamChat({ url: redline.url, apiKey: redline.apiKey, model: 'chat', content: promptFor(i) });

  it('answers everything from the secondary, opens the breaker within 5 failures, then stops calling the primary', async () => {
    const connects = countConnectAttempts(primary.port);
    try {
      // One request at a time until the breaker opens: each one fails over and still answers in full.
      let asked = 0;
      while ((await health())?.state !== 'open' && asked < 5) {
        const answer = await ask(asked);
        expect(isCompleteAnswer(answer, promptFor(asked)), describeAnswer(answer, promptFor(asked))).toBe(true);
        asked++;
      }
      expect(await health()).toMatchObject({ state: 'open' });
      expect(connects.attempts).toBeGreaterThan(0);
      expect(connects.attempts).toBeLessThanOrEqual(5);
      const attemptsAtOpen = connects.attempts;

      // With the circuit open, concurrent requests go straight to the secondary: not one more connection to the primary.
      const answers = await runPool(24, 8, (i) => ask(100 + i));
      const bad = answers.flatMap((answer, i) => (isCompleteAnswer(answer, promptFor(100 + i)) ? [] : [describeAnswer(answer, promptFor(100 + i))]));
      expect(bad).toEqual([]);
      expect(connects.attempts).toBe(attemptsAtOpen);
      expect(await health()).toMatchObject({ state: 'open' });

      const metrics = await (await fetch(`${redline.url}/metrics`)).text();
      expect(metrics).toMatch(/redline_circuit_breaker_state\{key="primary:m"\} 2/);
      expect(metricValue(metrics, 'redline_model_failovers_total', { from: 'primary:m', to: 'secondary:m' })).toBe(asked);
    } finally {
      connects.stop();
    }
  });
});
