import { argumentSlices, type Completion } from './completion.js';
import type { Exchange } from './exchange.js';
import type { FaultPlan } from './faults.js';
import { type ChunkEncoder, SSE_DONE, SSE_HEADERS } from './wire.js';

/** One SSE frame; `content` frames are the ones `[[cut:N]]` and the per-chunk delay count. */
interface Frame {
  data: string;
  kind: 'head' | 'content' | 'finish' | 'extra';
}

/** Answers instead of the model when the plan says error, stall or HTML; returns true if it did. */
export function answerFault(ex: Exchange, plan: FaultPlan, stream: boolean): boolean {
  switch (plan.kind) {
    case 'answer':
      return false;
    case 'error':
      ex.error(plan.status, { retryAfterSeconds: plan.retryAfterSeconds });
      return true;
    case 'stall':
      ex.stall(stream);
      return true;
    case 'html':
      ex.html();
      return true;
  }
}

/** The SSE frames of a completion, in OpenAI's order: role, reasoning, text, tool calls, finish, usage, [DONE]. */
export function buildFrames(
  enc: ChunkEncoder,
  completion: Completion,
  opts: { includeUsage: boolean; malformed: boolean },
): Frame[] {
  const frames: Frame[] = [{ data: enc.delta({ role: 'assistant', content: '' }), kind: 'head' }];
  for (const piece of completion.reasoningChunks) frames.push({ data: enc.delta({ reasoning_content: piece }), kind: 'content' });
  for (const piece of completion.textChunks) frames.push({ data: enc.delta({ content: piece }), kind: 'content' });
  completion.toolCalls.forEach((call, index) => {
    const head = { index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } };
    frames.push({ data: enc.delta({ tool_calls: [head] }), kind: 'content' });
    for (const args of argumentSlices(call.function.arguments)) {
      frames.push({ data: enc.delta({ tool_calls: [{ index, function: { arguments: args } }] }), kind: 'content' });
    }
  });
  // Right after the first content chunk, so it arrives before any cut and early in long streams.
  if (opts.malformed) frames.splice(Math.min(2, frames.length), 0, { data: enc.malformed(), kind: 'extra' });
  frames.push({ data: enc.delta({}, completion.finishReason), kind: 'finish' });
  if (opts.includeUsage) frames.push({ data: enc.usage(completion.usage), kind: 'extra' });
  frames.push({ data: SSE_DONE, kind: 'extra' });
  return frames;
}

/**
 * Streams frames: headers at once (as vLLM does), the first chunk after `ttftMs`, then one content chunk per
 * `tokenDelayMs`. With a delay of 0 the whole answer goes out in one write, which keeps benchmarks cheap.
 */
export function writeStream(ex: Exchange, frames: Frame[], plan: FaultPlan): void {
  if (ex.closed) return;
  ex.res.writeHead(200, SSE_HEADERS);
  ex.res.flushHeaders();
  const { cutAfterChunks: cutAfter, tokenDelayMs: delay } = plan;
  let next = 0;
  let contentSent = 0;
  const step = (): void => {
    let out = '';
    while (next < frames.length) {
      const frame = frames[next];
      if (cutAfter !== undefined && contentSent >= cutAfter && (frame.kind === 'content' || frame.kind === 'finish')) {
        ex.cut(out);
        return;
      }
      out += frame.data;
      next++;
      if (frame.kind !== 'content') continue;
      contentSent++;
      if (delay > 0) {
        ex.res.write(out);
        ex.after(delay, step);
        return;
      }
    }
    ex.settle(plan.malformed ? 'malformed' : 'ok');
    ex.res.end(out);
  };
  ex.after(plan.ttftMs, step);
}

/** Sends a JSON answer after `ttftMs`; a cut sends half the body then resets, malformed sends half as if whole. */
export function writeJson(ex: Exchange, body: object, plan: FaultPlan): void {
  ex.after(plan.ttftMs, () => {
    if (plan.cutAfterChunks === undefined && !plan.malformed) return ex.json(200, body, 'ok');
    const text = JSON.stringify(body);
    const half = text.slice(0, Math.floor(text.length / 2));
    ex.res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(plan.malformed ? half : text),
    });
    if (plan.cutAfterChunks !== undefined) return ex.cut(half);
    ex.settle('malformed');
    ex.res.end(half);
  });
}
