import { describe, expect, it } from 'vitest';
import { StreamRegistry } from './stream-registry.js';

/** Whether `promise` has settled after the current tick and one more turn of the event loop. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('StreamRegistry.quiet', () => {
  it('resolves at once when no answer waits for its first output', async () => {
    const streams = new StreamRegistry();
    expect(await settled(streams.quiet(10_000))).toBe(true);
    const answer = streams.start('u1', 'm1');
    answer.push({ type: 'delta', text: 'Hi' });
    expect(await settled(streams.quiet(10_000))).toBe(true);
  });

  it('waits for every opening answer, and a sources event is not output', async () => {
    const streams = new StreamRegistry();
    const a = streams.start('u1', 'm1');
    const b = streams.start('u2', 'm2');
    const quiet = streams.quiet(10_000);
    a.push({ type: 'sources', sources: [] });
    a.push({ type: 'reasoning', text: 'thinking' });
    expect(await settled(quiet)).toBe(false); // b has shown nothing
    b.push({ type: 'delta', text: 'Hello' });
    expect(await settled(quiet)).toBe(true);
  });

  it('lets the first output be written before waking anyone', async () => {
    const streams = new StreamRegistry();
    const answer = streams.start('u1', 'm1');
    const order: string[] = [];
    void streams.quiet(10_000).then(() => order.push('job'));
    const reader = answer.read(0);
    const read = reader.next().then(() => order.push('client'));
    answer.push({ type: 'delta', text: 'Hello' });
    await read;
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['client', 'job']);
  });

  it('counts an answer that ends without output as out, and gives up after maxWaitMs', async () => {
    const streams = new StreamRegistry(0);
    const failed = streams.start('u1', 'm1');
    const quiet = streams.quiet(10_000);
    streams.finish(failed);
    expect(await settled(quiet)).toBe(true);
    streams.start('u1', 'm2'); // never shows anything
    const started = Date.now();
    await streams.quiet(50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });
});
