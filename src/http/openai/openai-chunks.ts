import type { LanguageModelV3FinishReason, LanguageModelV3StreamPart, LanguageModelV3Usage } from '@ai-sdk/provider';
import { toHttpError } from '../errors.js';

/** OpenAI's finish_reason for an AI SDK finish reason. */
export function toFinishReason(reason: LanguageModelV3FinishReason): string {
  switch (reason.unified) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'content-filter':
      return 'content_filter';
    case 'tool-calls':
      return 'tool_calls';
    case 'error':
    case 'other':
      return 'stop';
  }
}

/** OpenAI's usage object for an AI SDK usage. */
export function toUsage(usage: LanguageModelV3Usage | undefined) {
  const prompt = usage?.inputTokens.total ?? 0;
  const completion = usage?.outputTokens.total ?? 0;
  const usageObj: Record<string, unknown> = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  if (usage?.inputTokens.cacheRead != null) usageObj.prompt_tokens_details = { cached_tokens: usage.inputTokens.cacheRead };
  if (usage?.outputTokens.reasoning != null) usageObj.completion_tokens_details = { reasoning_tokens: usage.outputTokens.reasoning };
  return usageObj;
}

const encoder = new TextEncoder();

/** OpenAI's convention for a failure after the stream started: an error object in the data. */
export function openAIErrorEvent(error: unknown): string {
  const http = toHttpError(error);
  return `data: ${JSON.stringify({ error: { message: http.message, type: http.type, param: null, code: http.code } })}\n\n`;
}

/**
 * Turns the model's typed parts into OpenAI `chat.completion.chunk` SSE text, one part at a time.
 * This is the only place the /v1 stream is serialised; nothing parses it back.
 */
export function openAIChunkEncoder(meta: { id: string; model: string; created: number; includeUsage: boolean }): { encode(part: LanguageModelV3StreamPart): string; end(): string } {
  const base = `{"id":"${meta.id}","object":"chat.completion.chunk","created":${meta.created},"model":${JSON.stringify(meta.model)},"system_fingerprint":null,"choices":`;
  const event = (choices: string) => `data: ${base}${choices}}\n\n`;
  const delta = (d: Record<string, unknown>, finish: string | null = null) =>
    `[{"index":0,"delta":${JSON.stringify(d)},"logprobs":null,"finish_reason":${finish ? `"${finish}"` : 'null'}}]`;
  const toolIndex = new Map<string, number>();
  let roleSent = false;
  let failed = false;
  const role = () => {
    if (roleSent) return '';
    roleSent = true;
    return event(delta({ role: 'assistant', content: '' }));
  };

  return {
    encode(part) {
      switch (part.type) {
        case 'text-delta':
          return part.delta ? role() + event(delta({ content: part.delta })) : role();
        case 'reasoning-delta':
          return part.delta ? role() + event(delta({ reasoning_content: part.delta })) : role();
        case 'tool-input-start': {
          const index = toolIndex.size;
          toolIndex.set(part.id, index);
          return role() + event(delta({ tool_calls: [{ index, id: part.id, type: 'function', function: { name: part.toolName, arguments: '' } }] }));
        }
        case 'tool-input-delta': {
          const index = toolIndex.get(part.id);
          return index !== undefined && part.delta ? event(delta({ tool_calls: [{ index, function: { arguments: part.delta } }] })) : '';
        }
        case 'tool-call': {
          // Providers that stream inputs already sent them; others deliver the whole call here.
          if (toolIndex.has(part.toolCallId)) return '';
          const index = toolIndex.size;
          toolIndex.set(part.toolCallId, index);
          return role() + event(delta({ tool_calls: [{ index, id: part.toolCallId, type: 'function', function: { name: part.toolName, arguments: part.input } }] }));
        }
        case 'error': {
          failed = true;
          return openAIErrorEvent(part.error);
        }
        case 'finish': {
          if (failed) return '';
          const usage = meta.includeUsage ? `data: ${base}[],"usage":${JSON.stringify(toUsage(part.usage))}}\n\n` : '';
          return role() + event(delta({}, toFinishReason(part.finishReason))) + usage;
        }
        default:
          return '';
      }
    },
    end: () => 'data: [DONE]\n\n',
  };
}

/**
 * The /v1 response body: `head` (parts already read) then the rest of `reader`, as SSE bytes, in one
 * pull-based stream (a replay stream piped through a TransformStream cost three times as much a part).
 * A stream that breaks mid-way gets an error event, then ends cleanly.
 */
export function openAIChunkBody(input: { head: LanguageModelV3StreamPart[]; reader: ReadableStreamDefaultReader<LanguageModelV3StreamPart>; meta: Parameters<typeof openAIChunkEncoder>[0]; onCancel: () => void }): ReadableStream<Uint8Array> {
  const encoder$ = openAIChunkEncoder(input.meta);
  const { head, reader } = input;
  let next = 0;
  let ended = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let text = '';
      // Parts read before the headers went out are sent together.
      while (next < head.length) text += encoder$.encode(head[next++]);
      while (!text && !ended) {
        try {
          const { done, value } = await reader.read();
          if (done) {
            ended = true;
            text += encoder$.end();
          } else {
            text += encoder$.encode(value);
          }
        } catch (error) {
          ended = true;
          text += encoder$.encode({ type: 'error', error }) + encoder$.end();
        }
      }
      if (text) controller.enqueue(encoder.encode(text));
      if (ended) controller.close();
    },
    cancel() {
      input.onCancel();
      return reader.cancel();
    },
  });
}
