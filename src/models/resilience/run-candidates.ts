import type { JSONObject, LanguageModelV3CallOptions, LanguageModelV3GenerateResult, LanguageModelV3StreamResult } from '@ai-sdk/provider';
import { classifyError } from './classify-error.js';
import { AllCandidatesFailedError, errorSummary } from './errors.js';
import { abortReason, linkAbort, openUntilContent, relayStream, withRedlineMetadata, type LinkedAbort, type OpenedStream, type Part } from './stream-utils.js';
import type { AttemptReason, Candidate, ResilienceEvents } from './types.js';

/** One call of one candidate, as recorded in the finish part's `providerMetadata.redline.attempts`. */
export interface AttemptRecord extends JSONObject {
  id: string;
  outcome: 'success' | 'error' | 'hedge-lost';
  ms: number;
  error?: string;
}

export interface RunCandidatesOptions {
  candidates: Candidate[];
  callOptions: LanguageModelV3CallOptions;
  events?: ResilienceEvents;
  /** When set, a second candidate is started if the running one has no content after `thresholdMs(id)`. */
  hedge?: { thresholdMs: (id: string) => number };
}

/** The reason a losing hedge is aborted with. */
export class HedgeLostError extends Error {
  readonly code = 'hedge_lost';
  constructor(readonly winner: string) {
    super(`Another candidate (${winner}) answered first.`);
    this.name = 'AbortError';
  }
}

/**
 * Runs a request over ordered candidates until one produces content: the core of fallback and hedging.
 * A candidate that fails before output with a retryable error hands over to the next; a non-retryable
 * one (400, 401…) ends the run with that error as is. With `hedge`, at most one extra candidate is
 * started speculatively while the first is slow; the first to produce content wins and the other is
 * aborted. The winning stream starts with a `response-metadata` part naming the candidate, and its
 * finish part carries `providerMetadata.redline = { provider, attempts }`.
 */
export function runCandidates(options: RunCandidatesOptions): Promise<LanguageModelV3StreamResult> {
  return new Promise((resolve, reject) => new CandidateRun(options, { resolve, reject }).start());
}

interface Running {
  candidate: Candidate;
  link: LinkedAbort;
  startedAt: number;
}

class CandidateRun {
  private next = 0;
  private hedged = false;
  private settled = false;
  private fatal: unknown = undefined;
  private hedgeTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly running = new Set<Running>();
  private readonly records: AttemptRecord[] = [];
  private readonly failures: { id: string; error: unknown }[] = [];
  private readonly signal: AbortSignal | undefined;

  constructor(
    private readonly options: RunCandidatesOptions,
    private readonly settle: { resolve: (result: LanguageModelV3StreamResult) => void; reject: (error: unknown) => void },
  ) {
    this.signal = options.callOptions.abortSignal;
  }

  start(): void {
    if (this.signal?.aborted) return this.fail(abortReason(this.signal));
    if (this.options.candidates.length === 0) return this.fail(new Error('No model candidates to call.'));
    this.signal?.addEventListener('abort', this.onAbort, { once: true });
    this.launch('primary');
  }

  private launch(reason: AttemptReason): void {
    const candidate = this.options.candidates[this.next++];
    const attempt: Running = { candidate, link: linkAbort(this.signal), startedAt: Date.now() };
    this.running.add(attempt);
    this.options.events?.onAttempt?.({ id: candidate.id, reason });
    Promise.resolve()
      .then(() => {
        const mapped = candidate.mapOptions ? candidate.mapOptions(this.options.callOptions) : this.options.callOptions;
        return openUntilContent(candidate.model, { ...mapped, abortSignal: attempt.link.signal });
      })
      .then(
        (opened) => this.won(attempt, opened),
        (error: unknown) => this.failed(attempt, error),
      );
    if (this.options.hedge && !this.hedged && this.running.size === 1 && this.next < this.options.candidates.length) this.armHedge(attempt);
  }

  private armHedge(primary: Running): void {
    clearTimeout(this.hedgeTimer);
    const thresholdMs = this.options.hedge!.thresholdMs(primary.candidate.id);
    this.hedgeTimer = setTimeout(() => {
      this.hedgeTimer = undefined;
      const { candidates } = this.options;
      if (this.settled || this.hedged || this.fatal !== undefined || this.running.size !== 1 || !this.running.has(primary)) return;
      if (this.next >= candidates.length) return;
      this.hedged = true;
      this.options.events?.onHedge?.({ primary: primary.candidate.id, hedge: candidates[this.next].id, thresholdMs });
      this.launch('hedge');
    }, thresholdMs);
    this.hedgeTimer.unref?.();
  }

  private won(attempt: Running, opened: OpenedStream): void {
    this.running.delete(attempt);
    const { id } = attempt.candidate;
    if (this.settled) {
      // Lost a photo finish: cancel its stream and request.
      attempt.link.abort(new HedgeLostError(id));
      attempt.link.dispose();
      opened.reader.cancel().catch(() => {});
      return;
    }
    this.finishRun();
    this.records.push({ id, outcome: 'success', ms: Date.now() - attempt.startedAt });
    for (const loser of this.running) {
      loser.link.abort(new HedgeLostError(id));
      this.records.push({ id: loser.candidate.id, outcome: 'hedge-lost', ms: Date.now() - loser.startedAt });
      this.options.events?.onHedgeWin?.({ winner: id, loser: loser.candidate.id });
    }
    this.running.clear();
    this.settle.resolve({ ...opened.result, stream: decorate(opened, { id, attempts: this.records, onEnd: attempt.link.dispose }) });
  }

  private failed(attempt: Running, error: unknown): void {
    this.running.delete(attempt);
    attempt.link.dispose();
    if (this.settled) return;
    const { id } = attempt.candidate;
    this.records.push({ id, outcome: 'error', ms: Date.now() - attempt.startedAt, error: errorSummary(error) });
    this.failures.push({ id, error });
    if (this.signal?.aborted) return this.fail(error);
    if (!classifyError(error).retryable) this.fatal ??= error;
    if (this.running.size > 0) return; // the other racer may still answer
    if (this.fatal !== undefined) return this.fail(this.fatal);
    const { candidates } = this.options;
    if (this.next < candidates.length) {
      this.options.events?.onFailover?.({ from: id, to: candidates[this.next].id, error });
      clearTimeout(this.hedgeTimer);
      return this.launch('failover');
    }
    if (this.failures.length === 1) return this.fail(error);
    this.fail(new AllCandidatesFailedError(this.failures, true));
  }

  private readonly onAbort = () => this.fail(abortReason(this.signal!));

  private fail(error: unknown): void {
    if (this.settled) return;
    this.finishRun();
    for (const attempt of this.running) attempt.link.abort(error);
    this.settle.reject(error);
  }

  private finishRun(): void {
    this.settled = true;
    clearTimeout(this.hedgeTimer);
    this.signal?.removeEventListener('abort', this.onAbort);
  }
}

/** The winner's stream: our response-metadata after the provider's, and our metadata on the finish part. */
function decorate(opened: OpenedStream, info: { id: string; attempts: AttemptRecord[]; onEnd: () => void }): ReadableStream<Part> {
  const head = opened.head.slice();
  let at = 0;
  for (let i = 0; i < head.length; i++) if (head[i].type === 'stream-start' || head[i].type === 'response-metadata') at = i + 1;
  head.splice(at, 0, { type: 'response-metadata', modelId: info.id });
  return relayStream(
    { head, reader: opened.reader, ended: opened.ended },
    {
      part: (part) =>
        part.type === 'finish' ? { ...part, providerMetadata: withRedlineMetadata(part.providerMetadata, { provider: info.id, attempts: info.attempts }) } : part,
      end: info.onEnd,
    },
  );
}

/** Sequential fallback for doGenerate (no hedging: nothing streams, so nothing to race on). */
export async function generateWithCandidates(options: Omit<RunCandidatesOptions, 'hedge'>): Promise<LanguageModelV3GenerateResult> {
  const { candidates, callOptions, events } = options;
  const signal = callOptions.abortSignal;
  const records: AttemptRecord[] = [];
  const failures: { id: string; error: unknown }[] = [];
  for (let i = 0; i < candidates.length; i++) {
    const candidate = candidates[i];
    if (signal?.aborted) throw abortReason(signal);
    events?.onAttempt?.({ id: candidate.id, reason: i === 0 ? 'primary' : 'failover' });
    const startedAt = Date.now();
    try {
      const mapped = candidate.mapOptions ? candidate.mapOptions(callOptions) : callOptions;
      const result = await candidate.model.doGenerate({ ...mapped, abortSignal: signal });
      records.push({ id: candidate.id, outcome: 'success', ms: Date.now() - startedAt });
      return {
        ...result,
        response: { ...result.response, modelId: candidate.id },
        providerMetadata: withRedlineMetadata(result.providerMetadata, { provider: candidate.id, attempts: records }),
      };
    } catch (error) {
      records.push({ id: candidate.id, outcome: 'error', ms: Date.now() - startedAt, error: errorSummary(error) });
      failures.push({ id: candidate.id, error });
      if (signal?.aborted || !classifyError(error).retryable || i === candidates.length - 1) {
        if (failures.length > 1 && classifyError(error).retryable && !signal?.aborted) throw new AllCandidatesFailedError(failures, true);
        throw error;
      }
      events?.onFailover?.({ from: candidate.id, to: candidates[i + 1].id, error });
    }
  }
  throw new Error('No model candidates to call.');
}
