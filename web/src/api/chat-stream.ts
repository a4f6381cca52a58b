import { StreamProtocolError } from './errors';
import { readSseEvents, type SseEvent } from './sse-parser';
import type { Conversation, ErrorBody, Message, Source, ToolCall, Verification } from './types';

/** One typed event of a chat turn's stream (docs/api.md, "Sending and streaming"). */
export type ChatStreamEvent =
  | { type: 'start'; userMessage: Message | null; assistantMessage: Message }
  /** The whole text so far, first on a reconnect without `Last-Event-ID`: it replaces, not appends. */
  | { type: 'snapshot'; text: string; id: string | undefined }
  | { type: 'delta'; text: string; id: string | undefined }
  /** The model's reasoning, streamed apart from the answer. */
  | { type: 'reasoning'; text: string; id: string | undefined }
  /** A tool call started (`running`) or finished (`done`, `error`). */
  | { type: 'tool'; call: ToolCall; id: string | undefined }
  /** The passages a grounded answer is given, before its first delta: `[n]` in the text cites `sources[n]`. */
  | { type: 'sources'; sources: Source[]; id: string | undefined }
  /** Which sentences the cited sources support, after the last delta and before `done`. */
  | { type: 'verification'; verification: Verification; id: string | undefined }
  | { type: 'done'; message: Message; conversation: Conversation }
  | { type: 'error'; message: Message | null; error: ErrorBody };

/** Maps one SSE event to a typed chat event; unknown event names are skipped (`null`). */
export function toChatStreamEvent(sse: SseEvent): ChatStreamEvent | null {
  switch (sse.event) {
    case 'start': {
      const data = parseObject(sse);
      if (!isObject(data.assistantMessage)) throw new StreamProtocolError('start event without assistantMessage');
      return {
        type: 'start',
        userMessage: isObject(data.userMessage) ? (data.userMessage as unknown as Message) : null,
        assistantMessage: data.assistantMessage as unknown as Message,
      };
    }
    case 'snapshot': {
      const data = parseObject(sse);
      if (typeof data.text !== 'string') throw new StreamProtocolError('snapshot event without text');
      return { type: 'snapshot', text: data.text, id: sse.id };
    }
    case 'delta': {
      const data = parseObject(sse);
      if (typeof data.text !== 'string') throw new StreamProtocolError('delta event without text');
      return { type: 'delta', text: data.text, id: sse.id };
    }
    case 'reasoning': {
      const data = parseObject(sse);
      if (typeof data.text !== 'string') throw new StreamProtocolError('reasoning event without text');
      return { type: 'reasoning', text: data.text, id: sse.id };
    }
    case 'tool': {
      const data = parseObject(sse);
      const call = isObject(data.call) ? data.call : null;
      if (!call || typeof call.id !== 'string' || typeof call.name !== 'string') throw new StreamProtocolError('tool event without a call');
      return { type: 'tool', call: call as unknown as ToolCall, id: sse.id };
    }
    case 'sources': {
      const data = parseObject(sse);
      if (!Array.isArray(data.sources)) throw new StreamProtocolError('sources event without sources');
      return { type: 'sources', sources: data.sources.filter(isSource), id: sse.id };
    }
    case 'verification': {
      const data = parseObject(sse);
      const verification = isObject(data.verification) ? data.verification : null;
      if (!verification || !Array.isArray(verification.sentences)) throw new StreamProtocolError('verification event without sentences');
      return {
        type: 'verification',
        verification: {
          method: verification.method === 'judge' ? 'judge' : 'lexical',
          sentences: verification.sentences.filter(isSentence).map((sentence) => ({
            text: sentence.text,
            supported: sentence.supported,
            citations: Array.isArray(sentence.citations) ? sentence.citations.filter((n): n is number => typeof n === 'number') : [],
          })),
        },
        id: sse.id,
      };
    }
    case 'done': {
      const data = parseObject(sse);
      if (!isObject(data.message) || !isObject(data.conversation)) {
        throw new StreamProtocolError('done event without message and conversation');
      }
      return {
        type: 'done',
        message: data.message as unknown as Message,
        conversation: data.conversation as unknown as Conversation,
      };
    }
    case 'error': {
      const data = parseObject(sse);
      const error = isObject(data.error) ? data.error : {};
      return {
        type: 'error',
        message: isObject(data.message) ? (data.message as unknown as Message) : null,
        error: {
          message: typeof error.message === 'string' ? error.message : 'The model failed',
          code: typeof error.code === 'string' ? error.code : 'unknown',
        },
      };
    }
    default:
      return null;
  }
}

/** Reads a chat SSE response body as typed events. */
export async function* readChatStream(body: ReadableStream<Uint8Array>): AsyncGenerator<ChatStreamEvent> {
  for await (const sse of readSseEvents(body)) {
    const event = toChatStreamEvent(sse);
    if (event) yield event;
  }
}

function parseObject(sse: SseEvent): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(sse.data);
  } catch (cause) {
    throw new StreamProtocolError(`Malformed JSON in "${sse.event}" event`, cause);
  }
  if (!isObject(value)) throw new StreamProtocolError(`"${sse.event}" event data is not an object`);
  return value;
}

/** A source the UI can show: numbered, named, with its text. Others are dropped rather than break the answer. */
function isSource(value: unknown): value is Source {
  return isObject(value) && typeof value.n === 'number' && typeof value.name === 'string' && typeof value.text === 'string';
}

function isSentence(value: unknown): value is { text: string; supported: boolean; citations?: unknown } {
  return isObject(value) && typeof value.text === 'string' && typeof value.supported === 'boolean';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
