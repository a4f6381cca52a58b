import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, gte, inArray, lt, lte, or, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { schema, type Db } from '../db/index.js';
import { backoffDelay, type BackoffPolicy } from './backoff.js';
import { PermanentJobError, type EnqueueOptions, type Job, type JobEnqueuer, type JobHandler, type JobStatus } from './types.js';

const { jobs } = schema;
type JobRow = schema.JobRow;

export interface JobQueueOptions {
  db: Db;
  logger?: Pick<Logger, 'warn' | 'error'>;
  /** Jobs run at the same time by this process: 1 or 2 (default 1). Background work must not starve the turns. */
  concurrency?: number;
  /** How often an idle worker looks for due jobs (default 1000 ms); an in-process enqueue wakes it at once. With `singleWriter`, the longest an idle worker sleeps (default 60 s). */
  pollIntervalMs?: number;
  /**
   * Only this process writes the table (the embedded store). Every new job then comes through
   * `enqueue` here, which wakes the workers, so an idle worker sleeps until the next due time it
   * can see (a job scheduled later, a retry's backoff, a lease that lapses) instead of polling:
   * on PGlite each poll is a query that holds the event loop for milliseconds.
   */
  singleWriter?: boolean;
  /** How long a claim holds a job (default 60 s). A running job renews it; a dead process lets it lapse. */
  leaseMs?: number;
  backoff?: Partial<BackoffPolicy>;
  /** Default attempts per job (default 5). */
  maxAttempts?: number;
  /** The clock, for tests (default Date.now). */
  now?: () => number;
  /**
   * Interactive work that jobs give way to: before a worker claims a job it waits (2 s at most)
   * until `quiet` resolves. The chat's streams resolve it once no answer waits for its first output.
   */
  foreground?: { quiet(maxWaitMs: number): Promise<void> };
}

/** The longest a worker gives way to answers that wait for their first output, before it claims anyway. */
const FOREGROUND_WAIT_MS = 2000;

const toJob = <P>(row: JobRow): Job<P> => ({
  id: row.id,
  userId: row.userId,
  kind: row.kind,
  payload: row.payload as P,
  status: row.status,
  attempts: row.attempts,
  maxAttempts: row.maxAttempts,
  runAfter: row.runAfter,
  lockedUntil: row.lockedUntil,
  lastError: row.lastError,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

const noLogger: Pick<Logger, 'warn' | 'error'> = { warn: () => undefined, error: () => undefined };

/**
 * Durable background jobs in a Postgres table. Workers claim due jobs with
 * `SELECT … FOR UPDATE SKIP LOCKED` (so several processes can share the table), hold them with a
 * lease they renew while running, and retry failures with exponential backoff up to `maxAttempts`.
 *
 * @example
 * const queue = new JobQueue({ db });
 * queue.register('memory.extract', async (job) => extract(job.userId, job.payload));
 * queue.start();
 * await queue.enqueue(userId, 'memory.extract', { messageId });
 */
export class JobQueue implements JobEnqueuer {
  private readonly db: Db;
  private readonly logger: Pick<Logger, 'warn' | 'error'>;
  private readonly handlers = new Map<string, JobHandler>();
  private readonly concurrency: number;
  private readonly pollIntervalMs: number;
  private readonly singleWriter: boolean;
  private readonly leaseMs: number;
  private readonly backoff: BackoffPolicy;
  private readonly maxAttempts: number;
  private readonly now: () => number;
  private readonly foreground: JobQueueOptions['foreground'] | null;
  /** Workers giving way to the foreground, told when the queue stops. */
  private readonly stopWaiters = new Set<() => void>();
  private readonly running = new Map<string, AbortController>();
  private loops: Promise<void>[] = [];
  private stopping = false;
  private wakers = new Set<() => void>();

  constructor(options: JobQueueOptions) {
    this.db = options.db;
    this.logger = options.logger ?? noLogger;
    this.concurrency = Math.min(Math.max(options.concurrency ?? 1, 1), 2);
    this.singleWriter = options.singleWriter ?? false;
    this.pollIntervalMs = options.pollIntervalMs ?? (this.singleWriter ? 60_000 : 1000);
    this.leaseMs = options.leaseMs ?? 60_000;
    this.backoff = { baseMs: 1000, maxMs: 5 * 60_000, jitter: 0.2, ...options.backoff };
    this.maxAttempts = options.maxAttempts ?? 5;
    this.now = options.now ?? Date.now;
    this.foreground = options.foreground ?? null;
  }

  /** Registers the handler for a kind. Only registered kinds are claimed by this process. */
  register<P>(kind: string, handler: JobHandler<P>): void {
    this.handlers.set(kind, handler as JobHandler);
  }

  /** Adds a job for a user; it is committed when this resolves and survives restarts. */
  // eslint-disable-next-line max-params -- the one verb producers call; (user, kind, payload, options) reads like the job row it writes
  async enqueue<P>(userId: string, kind: string, payload: P, options: EnqueueOptions = {}): Promise<Job<P>> {
    const now = new Date(this.now());
    const [row] = await this.db
      .insert(jobs)
      .values({
        id: randomUUID(),
        userId,
        kind,
        payload: payload as unknown,
        maxAttempts: Math.max(1, options.maxAttempts ?? this.maxAttempts),
        runAfter: options.runAfter ?? now,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    this.wake();
    return toJob<P>(row);
  }

  /** One of the user's jobs, or null (another user's id is not found). */
  async get(userId: string, id: string): Promise<Job | null> {
    const [row] = await this.db.select().from(jobs).where(and(eq(jobs.userId, userId), eq(jobs.id, id)));
    return row ? toJob(row) : null;
  }

  /** The user's jobs, newest first. */
  async list(userId: string, options: { status?: JobStatus; kind?: string; limit?: number } = {}): Promise<Job[]> {
    const filters = [eq(jobs.userId, userId)];
    if (options.status) filters.push(eq(jobs.status, options.status));
    if (options.kind) filters.push(eq(jobs.kind, options.kind));
    const rows = await this.db.select().from(jobs).where(and(...filters)).orderBy(desc(jobs.createdAt)).limit(options.limit ?? 100);
    return rows.map((row) => toJob(row));
  }

  /**
   * Claims the next due job of a registered kind, or null: a queued job whose time has come, or a
   * running one whose lease lapsed (its worker died) and that has attempts left. The claim counts an attempt.
   */
  async claim(): Promise<Job | null> {
    const kinds = [...this.handlers.keys()];
    if (kinds.length === 0) return null;
    const now = new Date(this.now());
    const due = this.db
      .select({ id: jobs.id })
      .from(jobs)
      .where(
        and(
          inArray(jobs.kind, kinds),
          or(
            and(eq(jobs.status, 'queued'), lte(jobs.runAfter, now)),
            and(eq(jobs.status, 'running'), lt(jobs.lockedUntil, now), lt(jobs.attempts, jobs.maxAttempts)),
          ),
        ),
      )
      .orderBy(asc(jobs.runAfter), asc(jobs.createdAt))
      .limit(1)
      .for('update', { skipLocked: true });
    const [row] = await this.db
      .update(jobs)
      .set({ status: 'running', attempts: sql`${jobs.attempts} + 1`, lockedUntil: new Date(now.getTime() + this.leaseMs), updatedAt: now })
      .where(inArray(jobs.id, due))
      .returning();
    return row ? toJob(row) : null;
  }

  /**
   * Marks failed the jobs whose worker died during their last attempt (lease lapsed, no attempts left),
   * so they do not stay `running` forever. Returns how many.
   */
  async reapExhausted(): Promise<number> {
    const now = new Date(this.now());
    const rows = await this.db
      .update(jobs)
      .set({ status: 'failed', lockedUntil: null, lastError: sql`coalesce(${jobs.lastError} || ' / ', '') || 'The worker stopped during the last attempt.'`, updatedAt: now })
      .where(and(eq(jobs.status, 'running'), lt(jobs.lockedUntil, now), gte(jobs.attempts, jobs.maxAttempts)))
      .returning({ id: jobs.id });
    return rows.length;
  }

  /** Deletes finished jobs (done or failed) last updated before `olderThan`. Returns how many. */
  async prune(olderThan: Date): Promise<number> {
    const rows = await this.db
      .delete(jobs)
      .where(and(inArray(jobs.status, ['done', 'failed']), lt(jobs.updatedAt, olderThan)))
      .returning({ id: jobs.id });
    return rows.length;
  }

  /** Claims and runs one due job; false when there was none. For tests, benchmarks and the CLI. */
  async runOnce(): Promise<boolean> {
    const job = await this.claim();
    if (!job) return false;
    await this.execute(job);
    return true;
  }

  /** Runs due jobs until none is left (jobs scheduled later stay queued). Returns how many ran. */
  async drain(limit = 1000): Promise<number> {
    let count = 0;
    while (count < limit && (await this.runOnce())) count++;
    return count;
  }

  /** Starts the workers (idempotent). */
  start(): void {
    if (this.loops.length > 0) return;
    this.stopping = false;
    for (let i = 0; i < this.concurrency; i++) this.loops.push(this.loop());
  }

  /**
   * Stops claiming and waits for running jobs up to `timeoutMs`. Jobs still running then are aborted
   * (their signal fires); their lease lapses and another process (or the next start) retries them.
   */
  async stop(options: { timeoutMs?: number } = {}): Promise<void> {
    this.stopping = true;
    this.wake();
    for (const resolve of this.stopWaiters) resolve();
    this.stopWaiters.clear();
    const loops = Promise.all(this.loops);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      loops.then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), options.timeoutMs ?? 10_000))),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      for (const [id, controller] of this.running) {
        this.logger.warn({ jobId: id }, 'job still running at shutdown: aborted, it will be retried after its lease');
        controller.abort(new Error('The job queue is shutting down.'));
      }
      // An aborted handler settles quickly; wait for its outcome to be written so the store can be closed after us.
      await Promise.race([loops, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
    }
    this.loops = [];
  }

  /** True while a job is being executed by this process. */
  get busy(): boolean {
    return this.running.size > 0;
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let job: Job | null = null;
      try {
        await this.giveWay();
        if (this.stopping) break;
        job = await this.claim();
        if (!job) await this.reapExhausted();
      } catch (error) {
        this.logger.error({ err: error }, 'could not claim a job');
      }
      if (job) await this.execute(job);
      else await this.idle(await this.idleMs());
    }
  }

  /** Waits for the foreground to be quiet (bounded); a stop cuts the wait short. Enqueues do not: they come from answers. */
  private giveWay(): Promise<void> {
    if (!this.foreground) return Promise.resolve();
    let stopped!: () => void;
    const stop = new Promise<void>((resolve) => this.stopWaiters.add((stopped = resolve)));
    return Promise.race([this.foreground.quiet(FOREGROUND_WAIT_MS), stop]).finally(() => this.stopWaiters.delete(stopped));
  }

  /** How long an idle worker sleeps: the poll interval, or with a single writer until the next job it can see falls due. */
  private async idleMs(): Promise<number> {
    if (!this.singleWriter) return this.pollIntervalMs;
    try {
      const due = await this.nextDue();
      if (!due) return this.pollIntervalMs;
      const ms = due.getTime() - this.now();
      // Due already but not claimable (a lapsed lease with no attempts left is reaped next time): do not spin.
      return ms > 0 ? Math.min(ms + 1, this.pollIntervalMs) : 1000;
    } catch (error) {
      this.logger.error({ err: error }, 'could not find the next due job');
      return 1000;
    }
  }

  /** When the earliest queued job of a registered kind is due, or the earliest running one's lease lapses. */
  private async nextDue(): Promise<Date | null> {
    const kinds = [...this.handlers.keys()];
    if (kinds.length === 0) return null;
    const [row] = await this.db
      .select({ at: sql<Date | null>`min(case when ${jobs.status} = 'queued' then ${jobs.runAfter} else ${jobs.lockedUntil} end)`.mapWith(jobs.runAfter) })
      .from(jobs)
      .where(and(inArray(jobs.kind, kinds), inArray(jobs.status, ['queued', 'running'])));
    return row?.at ?? null;
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }

  private wake(): void {
    for (const waker of [...this.wakers]) waker();
  }

  /** Runs a claimed job, renewing its lease meanwhile, and records the outcome if it still owns the job. */
  private async execute(job: Job): Promise<void> {
    const controller = new AbortController();
    this.running.set(job.id, controller);
    const renew = () => void this.renewLease(job).catch((error: unknown) => this.logger.warn({ err: error, jobId: job.id }, 'could not renew a job lease'));
    const heartbeat = setInterval(renew, Math.max(10, this.leaseMs / 3));
    let failure: { error: unknown } | null = null;
    try {
      const handler = this.handlers.get(job.kind);
      if (!handler) throw new PermanentJobError(`No handler is registered for jobs of kind "${job.kind}".`);
      await handler(job, { signal: controller.signal });
    } catch (error) {
      failure = { error };
    } finally {
      clearInterval(heartbeat);
    }
    try {
      if (failure) await this.fail(job, failure.error);
      else await this.finish(job, { status: 'done', lockedUntil: null, lastError: null });
    } catch (storeError) {
      // The lease will lapse and the job will be claimed again (handlers are idempotent): nothing is lost, but say so.
      this.logger.error({ err: storeError, jobId: job.id }, 'could not record the outcome of a job');
    } finally {
      this.running.delete(job.id);
    }
  }

  private async fail(job: Job, error: unknown): Promise<void> {
    const lastError = describe(error);
    if (error instanceof PermanentJobError || job.attempts >= job.maxAttempts) {
      this.logger.warn({ jobId: job.id, kind: job.kind, attempts: job.attempts, error: lastError }, 'job failed');
      await this.finish(job, { status: 'failed', lockedUntil: null, lastError });
    } else {
      const runAfter = new Date(this.now() + backoffDelay(job.attempts, this.backoff));
      await this.finish(job, { status: 'queued', lockedUntil: null, lastError, runAfter });
    }
  }

  /** Writes the outcome only if this attempt still owns the job (a lapsed lease may have let another worker take it). */
  private async finish(job: Job, values: { status: JobStatus; lockedUntil: null; lastError: string | null; runAfter?: Date }): Promise<void> {
    await this.db
      .update(jobs)
      .set({ ...values, updatedAt: new Date(this.now()) })
      .where(and(eq(jobs.id, job.id), eq(jobs.status, 'running'), eq(jobs.attempts, job.attempts)));
  }

  private async renewLease(job: Job): Promise<void> {
    await this.db
      .update(jobs)
      .set({ lockedUntil: new Date(this.now() + this.leaseMs) })
      .where(and(eq(jobs.id, job.id), eq(jobs.status, 'running'), eq(jobs.attempts, job.attempts)));
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 2000);
  const cause = error.cause instanceof Error ? ` (cause: ${error.cause.message})` : '';
  return `${error.name}: ${error.message}${cause}`.slice(0, 2000);
}
