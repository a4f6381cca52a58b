import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/index.js';
import { startTestServer, type TestServer } from '../support/redline-server.js';

describe('metrics and health', () => {
  let upstream: FakeUpstream;
  let redline: TestServer;

  beforeAll(async () => {
    upstream = await startFakeUpstream({ models: ['fake-model', 'flaky'] });
    redline = await startTestServer({ env: { OPENAI_BASE_URL: upstream.url } });
  });
  afterAll(async () => {
    await redline?.close();
    await upstream?.close();
  });

  const complete = (model: string, content: string) =>
    fetch(`${redline.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${redline.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, stream: true, messages: [{ role: 'user', content }] }),
    }).then(async (r) => ({ status: r.status, text: await r.text(), requestId: r.headers.get('x-request-id') }));

  it('counts model calls, retries and first-token latency in Prometheus format', async () => {
    expect((await complete('openai:fake-model', 'hi')).status).toBe(200);
    expect((await complete('openai:flaky', 'boom [[error:500]]')).status).toBe(502);
    const metrics = await (await fetch(`${redline.url}/metrics`)).text();
    expect(metrics).toMatch(/redline_model_requests_total\{provider="openai",model="fake-model",outcome="success"\} 1/);
    expect(metrics).toMatch(/redline_model_requests_total\{provider="openai",model="flaky",outcome="error"\} 1/);
    expect(metrics).toMatch(/redline_model_retries_total\{provider="openai",model="flaky"\} 2/);
    expect(metrics).toMatch(/redline_model_time_to_first_token_seconds_count\{provider="openai",model="fake-model"\} 1/);
    expect(metrics).toMatch(/redline_http_requests_total\{surface="v1",status="502"\} 1/);
    expect(metrics).toContain('redline_nodejs_eventloop_lag_seconds');
  });

  it('shows an open circuit on /healthz after repeated failures, and fails fast while it is open', async () => {
    for (let i = 0; i < 3; i++) await complete('openai:flaky', `boom ${i} [[error:500]]`);
    const health = await (await fetch(`${redline.url}/healthz`)).json();
    expect(health.ok).toBe(true);
    expect(health.providers).toContainEqual(expect.objectContaining({ key: 'openai:flaky', state: 'open' }));
    const before = upstream.stats().total;
    const fast = await complete('openai:flaky', 'anyone there?');
    expect(fast.status).toBe(503);
    expect(JSON.parse(fast.text).error.code).toBe('upstream_unavailable');
    expect(JSON.parse(fast.text).error.request_id).toBe(fast.requestId);
    expect(upstream.stats().total).toBe(before);
    const metrics = await (await fetch(`${redline.url}/metrics`)).text();
    expect(metrics).toMatch(/redline_circuit_breaker_state\{key="openai:flaky"\} 2/);
    // Other models of the same provider are unaffected.
    expect((await complete('openai:fake-model', 'still fine')).status).toBe(200);
  });
});
