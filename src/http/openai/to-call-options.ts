import type { JSONSchema7, LanguageModelV3CallOptions, LanguageModelV3Message, LanguageModelV3Prompt } from '@ai-sdk/provider';
import { RequestError } from '../errors.js';
import type { ChatCompletionRequest } from './request-schema.js';

type Text = string | { type: 'text'; text: string }[] | null | undefined;
const joinText = (content: Text) => (typeof content === 'string' ? content : (content ?? []).map((p) => p.text).join(''));

/** Translates an OpenAI chat-completions body into the AI SDK call options every provider accepts. */
export function toCallOptions(body: ChatCompletionRequest, abortSignal: AbortSignal): LanguageModelV3CallOptions {
  const options: LanguageModelV3CallOptions = { prompt: toPrompt(body.messages), abortSignal };
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  if (maxTokens != null) options.maxOutputTokens = maxTokens;
  if (body.temperature != null) options.temperature = body.temperature;
  if (body.top_p != null) options.topP = body.top_p;
  if (body.stop != null) options.stopSequences = Array.isArray(body.stop) ? body.stop : [body.stop];
  if (body.seed != null) options.seed = body.seed;
  if (body.presence_penalty != null) options.presencePenalty = body.presence_penalty;
  if (body.frequency_penalty != null) options.frequencyPenalty = body.frequency_penalty;
  if (body.tools?.length) {
    options.tools = body.tools.map((t) => ({
      type: 'function' as const,
      name: t.function.name,
      description: t.function.description,
      inputSchema: (t.function.parameters ?? { type: 'object', properties: {} }) as JSONSchema7,
    }));
  }
  if (body.tool_choice != null) {
    options.toolChoice = typeof body.tool_choice === 'string' ? { type: body.tool_choice } : { type: 'tool', toolName: body.tool_choice.function.name };
  }
  if (body.reasoning_effort != null) options.providerOptions = { redline: { reasoning: body.reasoning_effort === 'minimal' ? 'low' : body.reasoning_effort } };
  const format = body.response_format;
  if (format?.type === 'json_object') options.responseFormat = { type: 'json' };
  if (format?.type === 'json_schema') {
    options.responseFormat = { type: 'json', name: format.json_schema.name, description: format.json_schema.description, schema: format.json_schema.schema as JSONSchema7 | undefined };
  }
  return options;
}

function toPrompt(messages: ChatCompletionRequest['messages']): LanguageModelV3Prompt {
  const toolNames = new Map<string, string>();
  const prompt: LanguageModelV3Message[] = [];
  messages.forEach((msg, index) => {
    switch (msg.role) {
      case 'system':
      case 'developer':
        prompt.push({ role: 'system', content: joinText(msg.content) });
        break;
      case 'user':
        prompt.push({
          role: 'user',
          content:
            typeof msg.content === 'string'
              ? [{ type: 'text', text: msg.content }]
              : msg.content.map((part) => {
                  if (part.type === 'text' && typeof part.text === 'string') return { type: 'text' as const, text: part.text };
                  if (part.type === 'image_url' && part.image_url && typeof part.image_url === 'object') {
                    return { type: 'file' as const, mediaType: 'image/*', data: new URL((part.image_url as { url: string }).url) };
                  }
                  throw new RequestError(`messages[${index}].content: unsupported content part type "${part.type}"`, { code: 'invalid_content', param: `messages.${index}.content` });
                }),
        });
        break;
      case 'assistant': {
        const text = joinText(msg.content);
        const content: Extract<LanguageModelV3Message, { role: 'assistant' }>['content'] = text ? [{ type: 'text', text }] : [];
        for (const call of msg.tool_calls ?? []) {
          toolNames.set(call.id, call.function.name);
          content.push({ type: 'tool-call', toolCallId: call.id, toolName: call.function.name, input: parseArguments(call.function.arguments, index) });
        }
        prompt.push({ role: 'assistant', content });
        break;
      }
      case 'tool':
        prompt.push({
          role: 'tool',
          content: [{ type: 'tool-result', toolCallId: msg.tool_call_id, toolName: toolNames.get(msg.tool_call_id) ?? 'unknown', output: { type: 'text', value: joinText(msg.content) } }],
        });
        break;
    }
  });
  return prompt;
}

function parseArguments(value: string, index: number): unknown {
  try {
    return value ? JSON.parse(value) : {};
  } catch {
    throw new RequestError(`messages[${index}].tool_calls: function arguments must be a JSON string`, { code: 'invalid_tool_arguments', param: `messages.${index}.tool_calls` });
  }
}
