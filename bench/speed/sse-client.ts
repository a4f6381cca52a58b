// The load generator's client: node:http with a keep-alive Agent, and the least SSE parsing that
// gives the time of the first content chunk, the end, and a completeness check.
import http from 'node:http';

export interface StreamTiming {
  ok: boolean;
  status: number;
  /** ms from sending the request to the first chunk with non-empty content. */
  ttftMs: number;
  /** ms from sending the request to the end of the response. */
  totalMs: number;
  /** Content chunks seen. */
  chunks: number;
  /** completion_tokens of the usage chunk, when the stream carried one. */
  completionTokens: number | null;
  error?: string;
}

export interface Target {
  /** Base URL ending in /v1. */
  baseUrl: string;
  apiKey?: string;
  model: string;
}

const CONTENT = '"content":"';

/** Counts chunks whose delta has non-empty content (the role chunk's `"content":""` is not one). */
function countContent(text: string, from: number): { count: number; first: number } {
  let count = 0;
  let first = -1;
  for (let i = text.indexOf(CONTENT, from); i !== -1; i = text.indexOf(CONTENT, i + CONTENT.length)) {
    const next = i + CONTENT.length;
    if (next >= text.length) break;
    if (text.charCodeAt(next) !== 34 /* " */) {
      count++;
      if (first === -1) first = i;
    }
  }
  return { count, first };
}

/** One streaming chat completion; never rejects (failures come back with ok: false). */
export function streamCompletion(options: { target: Target; agent: http.Agent; body: object; timeoutMs?: number }): Promise<StreamTiming> {
  const { target, agent } = options;
  const url = new URL(`${target.baseUrl}/chat/completions`);
  const payload = JSON.stringify({ model: target.model, stream: true, ...options.body });
  const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), accept: 'text/event-stream' };
  if (target.apiKey) headers.authorization = `Bearer ${target.apiKey}`;
  return new Promise((resolve) => {
    const started = performance.now();
    let ttftMs = Number.NaN;
    let text = '';
    let settled = false;
    const finish = (result: Omit<StreamTiming, 'ttftMs' | 'totalMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, ttftMs, totalMs: performance.now() - started });
    };
    const req = http.request({ hostname: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers }, (res) => {
      res.setEncoding('latin1');
      res.on('data', (chunk: string) => {
        const from = Math.max(0, text.length - CONTENT.length);
        text += chunk;
        if (Number.isNaN(ttftMs) && countContent(text, from).first !== -1) ttftMs = performance.now() - started;
      });
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        const done = text.includes('data: [DONE]');
        const chunks = countContent(text, 0).count;
        const usage = /"completion_tokens":(\d+)/.exec(text);
        const ok = status === 200 && done && !text.includes('"error":');
        finish({ ok, status, chunks, completionTokens: usage ? Number(usage[1]) : null, error: ok ? undefined : `status ${status}, done ${done}: ${text.slice(0, 200)}` });
      });
      res.on('error', (error) => finish({ ok: false, status: res.statusCode ?? 0, chunks: 0, completionTokens: null, error: String(error) }));
    });
    const timer = setTimeout(() => {
      req.destroy(new Error('client timeout'));
    }, options.timeoutMs ?? 60_000);
    // A reused keep-alive socket that the server closed as it idled says ECONNRESET: say which it was.
    req.on('error', (error) => finish({ ok: false, status: 0, chunks: 0, completionTokens: null, error: `${String(error)}${req.reusedSocket ? ' (on a reused keep-alive socket)' : ''}` }));
    req.end(payload);
  });
}

export interface BatchResult {
  timings: StreamTiming[];
  wallMs: number;
  failures: number;
  firstError?: string;
}

/**
 * `count` requests with `concurrency` in flight, on a keep-alive Agent with that many sockets.
 * With `rampMs`, worker i sends its first request i/concurrency of the way into the ramp: clients that
 * all start at the same instant and get answers of the same length stay in lockstep for the whole
 * batch, so every request would arrive in a burst of `concurrency` (see bench/README.md).
 */
export async function runBatch(options: { target: Target; agent: http.Agent; body: object; count: number; concurrency: number; expectChunks?: number; rampMs?: number }): Promise<BatchResult> {
  const timings: StreamTiming[] = [];
  let issued = 0;
  const started = performance.now();
  const workers = Math.min(options.concurrency, options.count);
  const worker = async (index: number) => {
    const offset = ((options.rampMs ?? 0) * index) / workers;
    if (offset > 0) await new Promise((resolve) => setTimeout(resolve, offset));
    while (issued < options.count) {
      issued++;
      timings.push(await streamCompletion(options));
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, index) => worker(index)));
  const wallMs = performance.now() - started;
  const bad = timings.filter((t) => !t.ok || (options.expectChunks !== undefined && t.chunks !== options.expectChunks));
  return { timings, wallMs, failures: bad.length, firstError: bad[0] ? (bad[0].error ?? `chunks ${bad[0].chunks}`) : undefined };
}

export const keepAliveAgent = (maxSockets: number) => new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
