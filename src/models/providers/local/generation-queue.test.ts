import { describe, expect, it } from 'vitest';
import { GenerationQueue } from './generation-queue.js';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('GenerationQueue', () => {
  it('grants slots up to maxConcurrent, then first in, first out', async () => {
    const queue = new GenerationQueue(2);
    const order: string[] = [];
    const a = await queue.acquire();
    const b = await queue.acquire();
    const waiting = ['c', 'd', 'e'].map(async (name) => {
      const release = await queue.acquire();
      order.push(name);
      return release;
    });
    await tick();
    expect([queue.active, queue.waiting]).toEqual([2, 3]);
    a();
    a(); // a second call must not free a second slot
    await tick();
    expect(order).toEqual(['c']);
    b();
    const [c, d] = await Promise.all(waiting.slice(0, 2));
    expect(order).toEqual(['c', 'd']);
    c();
    const e = await waiting[2];
    d();
    e();
    expect([queue.active, queue.waiting]).toEqual([0, 0]);
  });

  it('drops a waiter whose signal aborts, rejecting with the reason', async () => {
    const queue = new GenerationQueue(1);
    const held = await queue.acquire();
    const controller = new AbortController();
    const aborted = queue.acquire(controller.signal);
    const next = queue.acquire();
    controller.abort(new Error('user left'));
    await expect(aborted).rejects.toThrow('user left');
    expect(queue.waiting).toBe(1);
    held();
    const release = await next;
    release();
    expect(queue.active).toBe(0);
  });

  it('rejects at once for an already aborted signal', async () => {
    const queue = new GenerationQueue(1);
    await expect(queue.acquire(AbortSignal.abort(new Error('too late')))).rejects.toThrow('too late');
    expect(queue.active).toBe(0);
  });

  it('refuses a non-positive limit', () => {
    expect(() => new GenerationQueue(0)).toThrow(RangeError);
  });
});
