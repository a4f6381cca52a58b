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

/**
 * Turns the model's typed parts into OpenAI `chat.completion.chunk` SSE bytes. This is the only
 * place the /v1 stream is serialised; nothing parses it back.
 */
export function openAIChunkStream(meta: { id: string; model: string; created: number; includeUsage: boolean }): TransformStream<LanguageModelV3StreamPart, Uint8Array> {
  const base = `{"id":"${meta.id}","object":"chat.completion.chunk","created":${meta.created},"model":${JSON.stringify(meta.model)},"system_fingerprint":null,"choices":`;
  const send = (controller: TransformStreamDefaultController<Uint8Array>, choices: string) => controller.enqueue(encoder.encode(`data: ${base}${choices}}\n\n`));
  const delta = (d: Record<string, unknown>, finish: string | null = null) =>
    `[{"index":0,"delta":${JSON.stringify(d)},"logprobs":null,"finish_reason":${finish ? `"${finish}"` : 'null'}}]`;
  const toolIndex = new Map<string, number>();
  let roleSent = false;
  let failed = false;

  const ensureRole = (controller: TransformStreamDefaultController<Uint8Array>) => {
    if (roleSent) return;
    roleSent = true;
    send(controller, delta({ role: 'assistant', content: '' }));
  };

  return new TransformStream({
    transform(part, controller) {
      switch (part.type) {
        case 'text-delta':
          ensureRole(controller);
          if (part.delta) send(controller, delta({ content: part.delta }));
          break;
        case 'reasoning-delta':
          ensureRole(controller);
          if (part.delta) send(controller, delta({ reasoning_content: part.delta }));
          break;
        case 'tool-input-start': {
          ensureRole(controller);
          const index = toolIndex.size;
          toolIndex.set(part.id, index);
          send(controller, delta({ tool_calls: [{ index, id: part.id, type: 'function', function: { name: part.toolName, arguments: '' } }] }));
          break;
        }
        case 'tool-input-delta': {
          const index = toolIndex.get(part.id);
          if (index !== undefined && part.delta) send(controller, delta({ tool_calls: [{ index, function: { arguments: part.delta } }] }));
          break;
        }
        case 'tool-call':
          // Providers that stream inputs already sent them; others deliver the whole call here.
          if (!toolIndex.has(part.toolCallId)) {
            ensureRole(controller);
            const index = toolIndex.size;
            toolIndex.set(part.toolCallId, index);
            send(controller, delta({ tool_calls: [{ index, id: part.toolCallId, type: 'function', function: { name: part.toolName, arguments: part.input } }] }));
          }
          break;
        case 'error': {
          failed = true;
          const error = toHttpError(part.error);
          // OpenAI's convention for a failure after the stream started: an error object in the data.
          controller.enqueue(encoder.encode(`data: ${JSON.stringify({ error: { message: error.message, type: error.type, param: null, code: error.code } })}\n\n`));
          break;
        }
        case 'finish':
          if (failed) break;
          ensureRole(controller);
          send(controller, delta({}, toFinishReason(part.finishReason)));
          if (meta.includeUsage) controller.enqueue(encoder.encode(`data: ${base}[],"usage":${JSON.stringify(toUsage(part.usage))}}\n\n`));
          break;
        default:
          break;
      }
    },
    flush(controller) {
      controller.enqueue(encoder.encode('data: [DONE]\n\n'));
    },
  });
}
