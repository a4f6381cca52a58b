import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/index.js';
import { readEvents, startTestServer, type TestServer } from '../support/redline-server.js';
import { lastAnswerRequest } from '../support/upstream-requests.js';

describe('the auto model', () => {
  let upstream: FakeUpstream;
  let redline: TestServer;

  beforeAll(async () => {
    upstream = await startFakeUpstream({ models: ['small', 'big'] });
    const dir = mkdtempSync(path.join(tmpdir(), 'redline-router-'));
    const configPath = path.join(dir, 'redline.config.json');
    writeFileSync(configPath, JSON.stringify({ providers: { lab: { kind: 'openai-compatible', baseURL: upstream.url } }, router: { fast: 'lab:small', strong: 'lab:big' } }));
    redline = await startTestServer({ env: { REDLINE_CONFIG: configPath } });
  });
  afterAll(async () => {
    await redline?.close();
    await upstream?.close();
  });

  const lastUpstreamModel = () => (lastAnswerRequest(upstream) as { model: string }).model;

  it('is offered first in the model list', async () => {
    const { models } = await (await redline.api('GET', '/api/models')).json();
    expect(models[0]).toMatchObject({ id: 'auto', kind: 'alias' });
  });

  it('sends simple turns to the fast model and hard ones to the strong model, on /v1', async () => {
    const call = (content: string) =>
      fetch(`${redline.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${redline.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content }] }),
      }).then((r) => r.json());
    expect((await call('hi there')).choices[0].message.content).toBe('You said: hi there');
    expect(lastUpstreamModel()).toBe('small');
    await call('Write a TypeScript function that parses ISO dates, with tests');
    expect(lastUpstreamModel()).toBe('big');
  });

  it('records the route and its reason on the message, and counts feedback per route', async () => {
    const { conversation } = await (await redline.api('POST', '/api/conversations', { model: 'auto' })).json();
    const events = await readEvents(await redline.api('POST', `/api/conversations/${conversation.id}/messages`, { content: 'thanks!' }));
    const message = events.at(-1)!.data.message;
    expect(message.model).toBe('auto');
    expect(message.metadata.route).toEqual({ name: 'fast', model: 'lab:small', reason: 'short, simple turn' });

    const rated = await redline.api('POST', `/api/conversations/${conversation.id}/messages/${message.id}/feedback`, { rating: 'down', reason: 'too terse' });
    expect(rated.status).toBe(200);
    expect((await rated.json()).message.metadata.feedback).toMatchObject({ rating: 'down', reason: 'too terse' });
    const metrics = await (await fetch(`${redline.url}/metrics`)).text();
    expect(metrics).toMatch(/redline_feedback_total\{route="fast",rating="down"\} 1/);
    expect(metrics).toMatch(/redline_router_routes_total\{route="fast",model="lab:small"\} [1-9]/);

    // Clearing the rating keeps the route.
    const cleared = await (await redline.api('POST', `/api/conversations/${conversation.id}/messages/${message.id}/feedback`, { rating: null })).json();
    expect(cleared.message.metadata.feedback).toBeNull();
    expect(cleared.message.metadata.route.name).toBe('fast');
    expect((await redline.api('POST', `/api/conversations/${conversation.id}/messages/${message.id}/feedback`, { rating: 'meh' })).status).toBe(400);
  });

  it('lets the user override auto with a specific model', async () => {
    const { conversation } = await (await redline.api('POST', '/api/conversations', { model: 'auto' })).json();
    await readEvents(await redline.api('POST', `/api/conversations/${conversation.id}/messages`, { content: 'hello', model: 'lab:big' }));
    expect(lastUpstreamModel()).toBe('big');
  });
});
