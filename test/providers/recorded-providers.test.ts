import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LanguageModelV3StreamPart } from '@ai-sdk/provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderConfig } from '../../src/config/index.js';
import { ModelRegistry } from '../../src/models/index.js';

/**
 * Each hosted provider's adapter, wired the way Redline wires it, against that provider's recorded
 * wire format served over real HTTP on 127.0.0.1.
 */
const recordings: Record<string, { match: RegExp; contentType: string; body: string }> = {
  anthropic: {
    match: /\/v1\/messages$/,
    contentType: 'text/event-stream',
    body: [
      'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","model":"claude-haiku-4-5","content":[],"stop_reason":null,"usage":{"input_tokens":12,"output_tokens":1}}}',
      'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}',
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}',
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" from Claude"}}',
      'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}',
      'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":4}}',
      'event: message_stop\ndata: {"type":"message_stop"}',
    ].join('\n\n') + '\n\n',
  },
  google: {
    match: /:streamGenerateContent/,
    contentType: 'text/event-stream',
    body: [
      'data: {"candidates":[{"content":{"parts":[{"text":"Hello"}],"role":"model"},"index":0}],"usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":1,"totalTokenCount":10}}',
      'data: {"candidates":[{"content":{"parts":[{"text":" from Gemini"}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":4,"totalTokenCount":13}}',
    ].join('\n\n') + '\n\n',
  },
};

describe('hosted provider adapters against recorded streams', () => {
  let server: Server;
  let base: string;
  const seen: { url: string; headers: IncomingMessage['headers']; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        seen.push({ url: req.url ?? '', headers: req.headers, body });
        const recording = Object.values(recordings).find((r) => r.match.test((req.url ?? '').split('?')[0]));
        if (!recording) {
          res.writeHead(404).end('{}');
          return;
        }
        res.writeHead(200, { 'content-type': recording.contentType });
        res.end(recording.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const stream = async (provider: ProviderConfig, model: string) => {
    const registry = new ModelRegistry({ providers: [provider], aliases: {}, defaultModel: null, localEngine: () => { throw new Error('no local engine'); } });
    const { stream } = await registry.resolve(`${provider.id}:${model}`).model.doStream({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] });
    const parts: LanguageModelV3StreamPart[] = [];
    const reader = stream.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(r.value);
    return parts;
  };
  const textOf = (parts: LanguageModelV3StreamPart[]) => parts.map((p) => (p.type === 'text-delta' ? p.delta : '')).join('');

  it('streams Anthropic messages with the key in x-api-key', async () => {
    const parts = await stream({ id: 'claude', kind: 'anthropic', apiKey: 'sk-ant-test', baseURL: `${base}/v1` }, 'claude-haiku-4-5');
    expect(textOf(parts)).toBe('Hello from Claude');
    const finish = parts.find((p) => p.type === 'finish');
    expect(finish?.type === 'finish' && finish.finishReason.unified).toBe('stop');
    expect(finish?.type === 'finish' && finish.usage.outputTokens.total).toBe(4);
    expect(seen.at(-1)!.headers['x-api-key']).toBe('sk-ant-test');
    expect(JSON.parse(seen.at(-1)!.body)).toMatchObject({ model: 'claude-haiku-4-5', stream: true });
  });

  it('streams Gemini with the key in x-goog-api-key', async () => {
    const parts = await stream({ id: 'gemini', kind: 'google', apiKey: 'g-test', baseURL: `${base}/v1beta` }, 'gemini-2.5-flash');
    expect(textOf(parts)).toBe('Hello from Gemini');
    const finish = parts.find((p) => p.type === 'finish');
    expect(finish?.type === 'finish' && finish.usage.inputTokens.total).toBe(9);
    expect(seen.at(-1)!.url).toContain('/models/gemini-2.5-flash:streamGenerateContent');
    expect(seen.at(-1)!.headers['x-goog-api-key']).toBe('g-test');
  });
});
