import { messageText } from './messages.js';
import { countTokens, tokenize } from './tokenizer.js';
import type { ChatRequest, ResponderResult } from './types.js';
import type { WireToolCall, WireUsage } from './wire.js';

/** A responder's answer after `stop` and `max_tokens` are applied, cut into the chunks the stream sends. */
export interface Completion {
  textChunks: string[];
  reasoningChunks: string[];
  toolCalls: WireToolCall[];
  finishReason: 'stop' | 'length' | 'tool_calls';
  usage: WireUsage;
}

// Arguments stream in slices of this many characters, so clients must join them as with real providers.
const ARGUMENT_SLICE = 16;

/** Splits tool-call arguments the way they are streamed. */
export function argumentSlices(args: string): string[] {
  const slices: string[] = [];
  for (let i = 0; i < args.length; i += ARGUMENT_SLICE) slices.push(args.slice(i, i + ARGUMENT_SLICE));
  return slices;
}

/** Shapes a responder result for `req`; `callId(i)` names the i-th tool call. */
export function shapeCompletion(
  req: ChatRequest,
  result: ResponderResult,
  callId: (index: number) => string,
): Completion {
  const answer = typeof result === 'string' ? { text: result } : result;
  const stopped = applyStop(answer.text ?? '', req.stop);
  let textChunks = tokenize(stopped);
  let finishReason: Completion['finishReason'] = 'stop';
  const limit = req.max_completion_tokens ?? req.max_tokens;
  if (typeof limit === 'number' && textChunks.length > limit) {
    textChunks = textChunks.slice(0, limit);
    finishReason = 'length';
  }
  const toolCalls: WireToolCall[] = (answer.toolCalls ?? []).map((call, i) => ({
    id: callId(i),
    type: 'function',
    function: { name: call.name, arguments: call.arguments },
  }));
  if (toolCalls.length > 0 && finishReason !== 'length') finishReason = 'tool_calls';
  const reasoningChunks = tokenize(answer.reasoning ?? '');
  const toolTokens = toolCalls.reduce((n, call) => n + argumentSlices(call.function.arguments).length, 0);
  const completionTokens = textChunks.length + reasoningChunks.length + toolTokens;
  const promptTokens = countPromptTokens(req);
  const usage: WireUsage = {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
  };
  if (reasoningChunks.length > 0) usage.completion_tokens_details = { reasoning_tokens: reasoningChunks.length };
  return { textChunks, reasoningChunks, toolCalls, finishReason, usage };
}

/** The text before the first occurrence of any stop sequence (OpenAI leaves the sequence out). */
export function applyStop(text: string, stop: ChatRequest['stop']): string {
  const sequences = typeof stop === 'string' ? [stop] : Array.isArray(stop) ? stop : [];
  let end = text.length;
  for (const seq of sequences) {
    if (typeof seq !== 'string' || seq === '') continue;
    const at = text.indexOf(seq);
    if (at !== -1 && at < end) end = at;
  }
  return text.slice(0, end);
}

function countPromptTokens(req: ChatRequest): number {
  let n = 0;
  for (const message of req.messages) {
    n += countTokens(messageText(message.content));
    for (const call of message.tool_calls ?? []) n += countTokens(call.function?.arguments ?? '');
  }
  return n;
}
