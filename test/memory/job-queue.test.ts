import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/index.js';
import { StreamRegistry } from '../../src/chat/stream-registry.js';
import { backoffDelay, JobQueue, PermanentJobError, type Job } from '../../src/jobs/index.js';
import { createUser, openTestStore, testStores } from './support.js';

describe('backoffDelay', () => {
  it('doubles from the base, capped, with optional jitter', () => {
    const policy = { baseMs: 100, maxMs: 1000, jitter: 0 };
    expect([1, 2, 3, 4, 5, 9].map((n) => backoffDelay(n, policy))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(backoffDelay(3, { ...policy, jitter: 0.5 }, () => 1)).toBe(200);
  });
});

describe.each(testStores)('JobQueue on %s', (kind) => {
  let database: Database;
  let close: () => Promise<void>;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    ({ database, close } = await openTestStore(kind));
    alice = await createUser(database, 'alice');
    bob = await createUser(database, 'bob');
  });
  afterAll(async () => close?.());

  /** A queue with a hand-driven clock. */
  const queueWithClock = (options: { leaseMs?: number; maxAttempts?: number } = {}) => {
    const clock = { t: Math.floor(Date.now() + 1_000_000 * Math.random()) };
    const queue = new JobQueue({ db: database.db, now: () => clock.t, backoff: { baseMs: 1000, maxMs: 60_000, jitter: 0 }, leaseMs: options.leaseMs ?? 30_000, maxAttempts: options.maxAttempts });
    return { queue, clock };
  };

  it('claims each due job once, in order, and only kinds it handles', async () => {
    const { queue, clock } = queueWithClock({ leaseMs: 600_000 });
    const kind = `k-${Math.random()}`;
    queue.register(kind, async () => undefined);
    const first = await queue.enqueue(alice, kind, { n: 1 });
    clock.t += 1;
    const second = await queue.enqueue(bob, kind, { n: 2 });
    await queue.enqueue(alice, 'nobody-handles-this', {});
    const later = await queue.enqueue(alice, kind, { n: 3 }, { runAfter: new Date(clock.t + 60_000) });

    const a = await queue.claim();
    const b = await queue.claim();
    expect([a?.id, b?.id]).toEqual([first.id, second.id]);
    expect(a).toMatchObject({ status: 'running', attempts: 1, payload: { n: 1 }, userId: alice });
    expect(await queue.claim()).toBeNull(); // the later one is not due, the unknown kind is not ours
    clock.t += 61_000;
    expect((await queue.claim())?.id).toBe(later.id);
  });

  it('never hands one job to two workers at the same time (SKIP LOCKED)', async () => {
    const { queue, clock } = queueWithClock();
    const other = new JobQueue({ db: database.db, now: () => clock.t });
    const kind = `k-${Math.random()}`;
    queue.register(kind, async () => undefined);
    other.register(kind, async () => undefined);
    const ids = new Set<string>();
    for (let i = 0; i < 6; i++) ids.add((await queue.enqueue(alice, kind, { i })).id);
    const claims = await Promise.all([...Array(8)].map((_, i) => (i % 2 ? queue : other).claim()));
    const claimed = claims.filter((job): job is Job => job !== null).map((job) => job.id);
    expect(claimed.sort()).toEqual([...ids].sort());
  });

  it('takes back the job of a worker that died mid-job once its lease lapses', async () => {
    const { queue: crashed, clock } = queueWithClock({ leaseMs: 5_000 });
    const kind = `k-${Math.random()}`;
    crashed.register(kind, async () => undefined);
    const job = await crashed.enqueue(alice, kind, { x: 1 });
    expect((await crashed.claim())?.id).toBe(job.id); // ...and the process is killed here.

    const restarted = new JobQueue({ db: database.db, now: () => clock.t, leaseMs: 5_000 });
    const seen: Job[] = [];
    restarted.register(kind, async (j) => void seen.push(j));
    expect(await restarted.claim()).toBeNull(); // the lease still holds
    clock.t += 5_001;
    expect(await restarted.runOnce()).toBe(true);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ id: job.id, attempts: 2 });
    expect(await restarted.get(alice, job.id)).toMatchObject({ status: 'done', lockedUntil: null });
  });

  it('marks failed a job whose worker died during its last attempt', async () => {
    const { queue, clock } = queueWithClock({ leaseMs: 1000 });
    const kind = `k-${Math.random()}`;
    queue.register(kind, async () => undefined);
    const job = await queue.enqueue(alice, kind, {}, { maxAttempts: 1 });
    await queue.claim();
    clock.t += 1001;
    expect(await queue.claim()).toBeNull();
    expect(await queue.reapExhausted()).toBeGreaterThanOrEqual(1);
    expect(await queue.get(alice, job.id)).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('retries with exponential backoff up to maxAttempts, then fails with the last error', async () => {
    const { queue, clock } = queueWithClock();
    const kind = `k-${Math.random()}`;
    let calls = 0;
    queue.register(kind, async () => {
      calls++;
      throw new Error(`boom ${calls}`);
    });
    const job = await queue.enqueue(alice, kind, {}, { maxAttempts: 3 });
    const start = clock.t;

    expect(await queue.runOnce()).toBe(true);
    let row = await queue.get(alice, job.id);
    expect(row).toMatchObject({ status: 'queued', attempts: 1, lastError: 'Error: boom 1' });
    expect(row!.runAfter.getTime()).toBe(start + 1000);
    expect(await queue.runOnce()).toBe(false); // not due yet

    clock.t += 1000;
    expect(await queue.runOnce()).toBe(true);
    row = await queue.get(alice, job.id);
    expect(row!.runAfter.getTime()).toBe(clock.t + 2000);

    clock.t += 2000;
    expect(await queue.runOnce()).toBe(true);
    expect(await queue.get(alice, job.id)).toMatchObject({ status: 'failed', attempts: 3, lastError: 'Error: boom 3' });
    clock.t += 1_000_000;
    expect(await queue.runOnce()).toBe(false);
    expect(calls).toBe(3);
  });

  it('fails a job at once on a PermanentJobError', async () => {
    const { queue } = queueWithClock();
    const kind = `k-${Math.random()}`;
    queue.register(kind, async () => {
      throw new PermanentJobError('bad payload');
    });
    const job = await queue.enqueue(alice, kind, {});
    await queue.drain();
    expect(await queue.get(alice, job.id)).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('scopes reads by user', async () => {
    const { queue } = queueWithClock();
    const job = await queue.enqueue(alice, `k-${Math.random()}`, { secret: 1 });
    expect(await queue.get(bob, job.id)).toBeNull();
    expect((await queue.list(bob)).some((j) => j.id === job.id)).toBe(false);
    expect((await queue.list(alice)).some((j) => j.id === job.id)).toBe(true);
  });

  it('runs jobs in the background and stop() waits for the running one', async () => {
    const queue = new JobQueue({ db: database.db, pollIntervalMs: 20, concurrency: 2 });
    const kind = `k-${Math.random()}`;
    const started: number[] = [];
    const finished: number[] = [];
    queue.register<{ n: number }>(kind, async (job) => {
      started.push(job.payload.n);
      await new Promise((resolve) => setTimeout(resolve, 50));
      finished.push(job.payload.n);
    });
    queue.start();
    await queue.enqueue(alice, kind, { n: 1 });
    await queue.enqueue(alice, kind, { n: 2 });
    // Both are running (one per worker) when the stop comes: stop must wait for both.
    while (started.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    const unfinishedAtStop = 2 - finished.length;
    await queue.stop({ timeoutMs: 5000 });
    expect(unfinishedAtStop).toBeGreaterThan(0);
    expect(finished.sort()).toEqual([1, 2]);
    expect((await queue.list(alice, { kind })).map((j) => j.status)).toEqual(['done', 'done']);
  });

  it('starts no job while an answer waits for its first token, and starts it once the answer is out', async () => {
    const streams = new StreamRegistry();
    const queue = new JobQueue({ db: database.db, singleWriter: true, pollIntervalMs: 60_000, foreground: streams });
    const kind = `k-${Math.random()}`;
    const ran: number[] = [];
    queue.register(kind, async () => void ran.push(Date.now()));
    const answer = streams.start(alice, `m-${Math.random()}`);
    queue.start();
    try {
      await queue.enqueue(alice, kind, {});
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(ran).toEqual([]); // due, but the answer has shown nothing yet
      const firstToken = Date.now();
      answer.push({ type: 'delta', text: 'Hello' });
      await expect.poll(() => ran.length, { timeout: 2000, interval: 10 }).toBe(1);
      expect(ran[0]).toBeGreaterThanOrEqual(firstToken);
    } finally {
      await queue.stop({ timeoutMs: 2000 });
    }
  });

  it('gives way to a slow first token for two seconds at most', async () => {
    const streams = new StreamRegistry();
    const queue = new JobQueue({ db: database.db, singleWriter: true, pollIntervalMs: 60_000, foreground: streams });
    const kind = `k-${Math.random()}`;
    let ranAt = 0;
    queue.register(kind, async () => void (ranAt = Date.now()));
    streams.start(alice, `m-${Math.random()}`); // never shows output
    queue.start();
    try {
      const enqueued = Date.now();
      await queue.enqueue(alice, kind, {});
      await expect.poll(() => ranAt, { timeout: 4000, interval: 20 }).toBeGreaterThan(0);
      expect(ranAt - enqueued).toBeGreaterThanOrEqual(1900);
    } finally {
      await queue.stop({ timeoutMs: 2000 });
    }
  });

  it('with a single writer, an idle worker wakes when a job falls due and for a retry, without polling', async () => {
    // A poll interval far beyond the test: only the next-due wake-up can run these jobs in time.
    const queue = new JobQueue({ db: database.db, singleWriter: true, pollIntervalMs: 60_000, backoff: { baseMs: 150, maxMs: 150, jitter: 0 } });
    const kind = `k-${Math.random()}`;
    const ran: { n: number; attempt: number; at: number }[] = [];
    queue.register<{ n: number }>(kind, async (job) => {
      ran.push({ n: job.payload.n, attempt: job.attempts, at: Date.now() });
      if (job.payload.n === 2 && job.attempts === 1) throw new Error('flaky once');
    });
    queue.start();
    try {
      // The worker is asleep before the jobs exist: nothing is due, so it sleeps up to the poll interval.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const scheduled = Date.now();
      await queue.enqueue(alice, kind, { n: 1 }, { runAfter: new Date(scheduled + 300) });
      await expect.poll(() => ran.filter((r) => r.n === 1).length, { timeout: 3000, interval: 20 }).toBe(1);
      expect(ran[0].at).toBeGreaterThanOrEqual(scheduled + 290);

      await queue.enqueue(alice, kind, { n: 2 });
      await expect.poll(() => ran.filter((r) => r.n === 2).map((r) => r.attempt), { timeout: 3000, interval: 20 }).toEqual([1, 2]);
      const [first, second] = ran.filter((r) => r.n === 2);
      expect(second.at - first.at).toBeGreaterThanOrEqual(140);
      await expect.poll(async () => (await queue.list(alice, { kind })).map((j) => j.status), { timeout: 2000 }).toEqual(['done', 'done']);
    } finally {
      await queue.stop({ timeoutMs: 2000 });
    }
  });

  it('aborts a job that outlives the stop timeout; its lease lets it run again later', async () => {
    const queue = new JobQueue({ db: database.db, pollIntervalMs: 20, leaseMs: 200 });
    const kind = `k-${Math.random()}`;
    let aborted = false;
    queue.register(kind, (_job, { signal }) => new Promise<void>((_resolve, reject) => signal.addEventListener('abort', () => {
      aborted = true;
      reject(signal.reason);
    })));
    queue.start();
    const job = await queue.enqueue(alice, kind, {});
    while (!queue.busy) await new Promise((resolve) => setTimeout(resolve, 5));
    await queue.stop({ timeoutMs: 50 });
    expect(aborted).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Aborted on shutdown counts as a failed attempt: queued again with backoff.
    expect(await queue.get(alice, job.id)).toMatchObject({ status: 'queued', attempts: 1 });
  });
});
