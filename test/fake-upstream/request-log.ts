import type { IncomingMessage } from 'node:http';
import type { FakeUpstreamStats, Outcome, RecordedRequest } from './types.js';

/** The last N requests and counters by outcome; bounded so a long benchmark does not grow memory. */
export class RequestLog {
  readonly requests: RecordedRequest[] = [];
  private total = 0;
  private byOutcome: Record<string, number> = {};
  private seq = 0;
  /** In flight now; lives outside reset() because those requests really are still open. */
  active = 0;

  constructor(private readonly max: number) {}

  /** Records the arrival of a request, with outcome 'active'. */
  start(req: IncomingMessage, path: string): RecordedRequest {
    const record: RecordedRequest = {
      seq: ++this.seq,
      method: req.method ?? 'GET',
      path,
      headers: req.headers,
      body: undefined,
      time: Date.now(),
      outcome: 'active',
    };
    this.total++;
    this.active++;
    if (this.requests.length >= this.max) this.requests.shift();
    this.requests.push(record);
    return record;
  }

  /** Sets the outcome once; later calls are ignored, so a cut is not recounted as an abort when the socket closes. */
  settle(record: RecordedRequest, outcome: Exclude<Outcome, 'active'>): void {
    if (record.outcome !== 'active') return;
    record.outcome = outcome;
    this.byOutcome[outcome] = (this.byOutcome[outcome] ?? 0) + 1;
  }

  stats(): FakeUpstreamStats {
    return { total: this.total, byOutcome: { ...this.byOutcome }, active: this.active };
  }

  reset(): void {
    this.requests.length = 0;
    this.total = 0;
    this.byOutcome = {};
  }
}
