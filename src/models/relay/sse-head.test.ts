import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { firstOutput } from './sse-head.js';

const event = (delta: Record<string, unknown>, finish: string | null = null) => `data: ${JSON.stringify({ id: 'c1', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

describe('firstOutput', () => {
  it('waits past the role chunk for the first content, keeping every byte read', async () => {
    const body = new PassThrough();
    const head = firstOutput(body, 'p:m');
    body.write(event({ role: 'assistant', content: '' }));
    // An event split across network chunks.
    const content = event({ content: 'Hel' });
    body.write(content.slice(0, 20));
    body.write(content.slice(20));
    const { chunks, ended } = await head;
    expect(Buffer.concat(chunks).toString()).toBe(event({ role: 'assistant', content: '' }) + content);
    expect(ended).toBe(false);
    // The rest is still there for the relay.
    body.end(event({ content: 'lo' }));
    const rest: string[] = [];
    body.on('data', (d: Buffer) => rest.push(d.toString()));
    body.resume();
    await new Promise((resolve) => body.once('end', resolve));
    expect(rest.join('')).toBe(event({ content: 'lo' }));
  });

  it('counts tool calls, reasoning and a finish reason as output', async () => {
    for (const first of [event({ tool_calls: [{ index: 0, id: 't', function: { name: 'f', arguments: '' } }] }), event({ reasoning_content: 'hmm' }), event({}, 'stop')]) {
      const body = new PassThrough();
      const head = firstOutput(body, 'p:m');
      body.write(first);
      await expect(head).resolves.toMatchObject({ ended: false });
    }
  });

  it('rejects an error event before output as a retryable provider failure', async () => {
    const body = new PassThrough();
    const head = firstOutput(body, 'p:m');
    body.write(`data: ${JSON.stringify({ error: { message: 'overloaded' } })}\n\n`);
    await expect(head).rejects.toMatchObject({ message: expect.stringContaining('overloaded'), isRetryable: true });
  });

  it('rejects a stream that ends before any output, and data that is not JSON', async () => {
    const empty = new PassThrough();
    const ended = firstOutput(empty, 'p:m');
    empty.end(event({ role: 'assistant', content: '' }));
    await expect(ended).rejects.toThrow(/ended before any output/);

    const garbage = new PassThrough();
    const bad = firstOutput(garbage, 'p:m');
    garbage.write('data: <html>\n\n');
    await expect(bad).rejects.toThrow(/not JSON/);
  });
});
