import type { schema } from '../db/index.js';

export type JobStatus = schema.JobStatus;

/** One durable job as its handler and the API see it. */
export interface Job<P = unknown> {
  id: string;
  userId: string;
  kind: string;
  payload: P;
  status: JobStatus;
  /** Attempts started so far, this one included while it runs. */
  attempts: number;
  maxAttempts: number;
  runAfter: Date;
  lockedUntil: Date | null;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What a handler gets besides its job: a signal that fires when the worker gives up on it (shutdown timeout). */
export interface JobContext {
  signal: AbortSignal;
}

/** Runs one job. Throwing retries it with backoff (up to `maxAttempts`); a `PermanentJobError` fails it at once. */
export type JobHandler<P = unknown> = (job: Job<P>, context: JobContext) => Promise<void>;

export interface EnqueueOptions {
  /** Earliest start (default: now). */
  runAfter?: Date;
  /** Attempts before the job is marked failed (default: the queue's, 5). */
  maxAttempts?: number;
}

/** The enqueue side alone: what producers (chat, memory) depend on. */
export interface JobEnqueuer {
  enqueue<P>(userId: string, kind: string, payload: P, options?: EnqueueOptions): Promise<Job<P>>;
}

/** A job handler failed in a way another attempt cannot fix (bad payload, missing data): no retry. */
export class PermanentJobError extends Error {
  readonly code = 'job_permanent_failure';
  readonly retryable = false;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentJobError';
  }
}
