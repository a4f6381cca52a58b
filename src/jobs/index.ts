export { JobQueue, type JobQueueOptions } from './job-queue.js';
export { backoffDelay, type BackoffPolicy } from './backoff.js';
export { PermanentJobError, type Job, type JobContext, type JobHandler, type JobEnqueuer, type EnqueueOptions, type JobStatus } from './types.js';
