// The OpenAI Chat Completions wire format, as strings: the hot path of a benchmark builds each SSE frame with one
// JSON.stringify of the delta and a prefix shared by every chunk of the response.

/** Token counts in OpenAI's shape. */
export interface WireUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  completion_tokens_details?: { reasoning_tokens: number };
}

/** A tool call in a non-streaming message. */
export interface WireToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** Identity of one response, shared by all its chunks. */
export interface ResponseIds {
  id: string;
  created: number;
  model: string;
  fingerprint: string;
}

/** The terminator OpenAI sends after the last chunk. */
export const SSE_DONE = 'data: [DONE]\n\n';

/** Headers of an SSE response. */
export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
} as const;

/** Builds the SSE frames of one streamed chat completion. */
export class ChunkEncoder {
  private readonly prefix: string;

  constructor(ids: ResponseIds) {
    this.prefix =
      `data: {"id":${JSON.stringify(ids.id)},"object":"chat.completion.chunk","created":${ids.created},` +
      `"model":${JSON.stringify(ids.model)},"system_fingerprint":${JSON.stringify(ids.fingerprint)},"choices":[`;
  }

  /** A chunk with one choice carrying `delta` (and `finish_reason` on the last one). */
  delta(delta: object, finishReason: string | null = null): string {
    const finish = finishReason === null ? 'null' : JSON.stringify(finishReason);
    return `${this.prefix}{"index":0,"delta":${JSON.stringify(delta)},"logprobs":null,"finish_reason":${finish}}]}\n\n`;
  }

  /** The usage chunk sent when `stream_options.include_usage` is set: no choices. */
  usage(usage: WireUsage): string {
    return `${this.prefix}],"usage":${JSON.stringify(usage)}}\n\n`;
  }

  /** A frame whose data is not valid JSON (an unterminated string), like a proxy mangling the stream. */
  malformed(): string {
    return `${this.prefix}{"index":0,"delta":{"content":"mangled\n\n`;
  }
}

/** A non-streaming `chat.completion` object. */
export function completionObject(
  ids: ResponseIds,
  answer: { text: string | null; reasoning?: string; toolCalls: WireToolCall[]; finishReason: string; usage: WireUsage },
): object {
  const message: Record<string, unknown> = { role: 'assistant', content: answer.text, refusal: null };
  if (answer.toolCalls.length > 0) message.tool_calls = answer.toolCalls;
  if (answer.reasoning) message.reasoning_content = answer.reasoning;
  return {
    id: ids.id,
    object: 'chat.completion',
    created: ids.created,
    model: ids.model,
    system_fingerprint: ids.fingerprint,
    choices: [{ index: 0, message, logprobs: null, finish_reason: answer.finishReason }],
    usage: answer.usage,
  };
}

/** OpenAI's error JSON for a status, e.g. `{ error: { message, type: 'server_error', param: null, code: null } }`. */
export function errorObject(status: number, message?: string, code?: string | null): object {
  const [type, defaultCode, defaultMessage] = describeStatus(status);
  return {
    error: { message: message ?? defaultMessage, type, param: null, code: code === undefined ? defaultCode : code },
  };
}

function describeStatus(status: number): [type: string, code: string | null, message: string] {
  switch (status) {
    case 400:
      return ['invalid_request_error', null, 'Invalid request.'];
    case 401:
      return ['invalid_request_error', 'invalid_api_key', 'Incorrect API key provided.'];
    case 403:
      return ['permission_error', null, 'You are not allowed to access this resource.'];
    case 404:
      return ['invalid_request_error', null, 'Not found.'];
    case 429:
      return ['requests', 'rate_limit_exceeded', 'Rate limit reached for requests. Please try again later.'];
    default:
      return status >= 500
        ? ['server_error', null, `The server had an error while processing your request (fake status ${status}).`]
        : ['invalid_request_error', null, `Request failed with status ${status}.`];
  }
}

/** The page a misconfigured proxy or captive portal answers with status 200. */
export const HTML_PAGE =
  '<!DOCTYPE html>\n<html><head><title>Gateway</title></head>' +
  '<body><h1>Please sign in to continue</h1><p>This network requires authentication.</p></body></html>\n';
