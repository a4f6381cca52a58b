import { loremWords, parseDirectives } from '../../fake-upstream/index.js';

/** What a user of `POST /v1/chat/completions` with `stream: true` saw. */
export interface StreamedAnswer {
  status: number;
  /** The concatenated `delta.content` of every chunk. */
  text: string;
  /** The last non-null `finish_reason`, or null when the stream never said. */
  finishReason: string | null;
  /** `{ error }` objects sent inside the stream (OpenAI's way to fail after the headers). */
  streamErrors: unknown[];
  /** The JSON error body when the status is not 200. */
  errorBody: unknown;
  /** Whether `data: [DONE]` arrived. */
  done: boolean;
  /** From sending the request to the first non-empty content delta; null when none came. */
  ttftMs: number | null;
  totalMs: number;
}

export interface StreamChatOptions {
  /** Redline's base URL (no /v1). */
  url: string;
  apiKey: string;
  model: string;
  content: string;
  signal?: AbortSignal;
}

const decoder = () => new TextDecoder();

/**
 * One streaming chat completion through Redline's OpenAI-compatible surface, read to the end.
 * Uses the global fetch (Node's undici, keep-alive by default).
 */
export async function streamChat(options: StreamChatOptions): Promise<StreamedAnswer> {
  const started = performance.now();
  const response = await fetch(`${options.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: options.model, stream: true, messages: [{ role: 'user', content: options.content }] }),
    signal: options.signal,
  });
  const answer: StreamedAnswer = { status: response.status, text: '', finishReason: null, streamErrors: [], errorBody: null, done: false, ttftMs: null, totalMs: 0 };
  if (response.status !== 200 || !response.body) {
    const body = await response.text();
    try {
      answer.errorBody = JSON.parse(body);
    } catch {
      answer.errorBody = body;
    }
    answer.totalMs = performance.now() - started;
    return answer;
  }
  const text = decoder();
  let buffer = '';
  const onData = (data: string) => {
    if (data === '[DONE]') {
      answer.done = true;
      return;
    }
    const chunk = JSON.parse(data) as { error?: unknown; choices?: { delta?: { content?: string | null }; finish_reason?: string | null }[] };
    if (chunk.error !== undefined) {
      answer.streamErrors.push(chunk.error);
      return;
    }
    const choice = chunk.choices?.[0];
    const content = choice?.delta?.content;
    if (content) {
      answer.ttftMs ??= performance.now() - started;
      answer.text += content;
    }
    if (choice?.finish_reason) answer.finishReason = choice.finish_reason;
  };
  const reader = response.body.getReader();
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      buffer += text.decode(read.value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        for (const line of block.split('\n')) if (line.startsWith('data: ')) onData(line.slice(6));
      }
    }
  } catch (error) {
    // A connection that broke under the client is a failure the user sees: keep what arrived.
    answer.streamErrors.push({ message: `stream broke: ${(error as Error).message}` });
  }
  answer.totalMs = performance.now() - started;
  return answer;
}

/** The answer the fake upstream's echo responder gives to `content` (see test/fake-upstream/responder.ts). */
export function expectedAnswer(content: string): string {
  const { text, directives } = parseDirectives(content);
  return directives.words !== undefined ? loremWords(directives.words) : `You said: ${text}`;
}

/** Complete and coherent: status 200, exactly the expected text, `stop`, `[DONE]`, no error in the stream. */
export function isCompleteAnswer(answer: StreamedAnswer, content: string): boolean {
  return answer.status === 200 && answer.streamErrors.length === 0 && answer.finishReason === 'stop' && answer.done && answer.text === expectedAnswer(content);
}

/** A short description of what went wrong with an answer, for a failure message. */
export function describeAnswer(answer: StreamedAnswer, content: string): string {
  const expected = expectedAnswer(content);
  return JSON.stringify({
    content,
    status: answer.status,
    finishReason: answer.finishReason,
    done: answer.done,
    streamErrors: answer.streamErrors,
    errorBody: answer.errorBody,
    expected: expected.length > 120 ? `${expected.slice(0, 120)}…` : expected,
    got: answer.text.length > 120 ? `${answer.text.slice(0, 120)}…` : answer.text,
    sameLength: answer.text.length === expected.length,
  });
}

/**
 * Prompts that make answers of varied length: echoes of a few words and lorem answers of 4 to 60
 * words, so cut streams (after a few chunks) have text both before and after the cut.
 */
export function promptFor(i: number): string {
  return i % 3 === 0 ? `request ${i} about apples and pears` : `request ${i} [[words:${4 + ((i * 13) % 57)}]]`;
}

/** Runs `task(i)` for i in [0, count) with at most `concurrency` in flight; results in index order. */
export async function runPool<T>(count: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

/** The value of one Prometheus sample, e.g. `metricValue(text, 'redline_circuit_breaker_state', { key: 'primary:m' })`. */
export function metricValue(metrics: string, name: string, labels: Record<string, string> = {}): number | undefined {
  let sum: number | undefined;
  for (const line of metrics.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const braces = /^[^{ ]+(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!braces) continue;
    const found: Record<string, string> = {};
    for (const m of (braces[1] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) found[m[1]] = m[2];
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) sum = (sum ?? 0) + Number(braces[2]);
  }
  return sum;
}
