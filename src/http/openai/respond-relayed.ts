import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { LanguageModelV3CallOptions } from '@ai-sdk/provider';
import { CACHE_HEADER, continueAnswer, openRelay, type RelayRoute, type ResolvedModel } from '../../models/index.js';
import { openAIChunkBody } from './openai-chunks.js';
import type { ChatCompletionRequest } from './request-schema.js';
import { writeRelay } from './write-relay.js';

export interface RelayedCall {
  relay: RelayRoute;
  body: ChatCompletionRequest;
  options: LanguageModelV3CallOptions;
  abort: AbortController;
  /** The full model path, for continuing a stream that breaks after output. */
  resolved: ResolvedModel;
  outgoing: ServerResponse;
  requestId: string;
}

/** An id in OpenAI's form; the relay needs one only to continue a stream that kept none of the provider's. */
export const completionId = () => `chatcmpl-${randomUUID().replaceAll('-', '')}`;

/**
 * A stream to an upstream that speaks OpenAI's wire goes out as the client sent it and comes back
 * byte for byte: no parse, no re-encode, one socket write per upstream chunk. Failures before output
 * fail over like the full path and reject here, before any header is written; a break after output
 * is continued on the full path.
 */
export async function respondRelayed(call: RelayedCall): Promise<void> {
  const { relay, body, abort, outgoing } = call;
  const opened = await openRelay(relay, body, abort.signal);
  outgoing.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-request-id': call.requestId,
    [CACHE_HEADER]: 'bypass',
  });
  writeRelay(opened, outgoing, { abort, continueFrom: new Continuation(call, opened.target.id).continueFrom });
}

/**
 * How a relayed stream that broke is continued, at most `relay.continuation.max` times. A class
 * with a bound method rather than a closure, since it lives as long as the stream (see RelayWriter).
 */
class Continuation {
  private count = 0;
  private readonly created = Math.floor(Date.now() / 1000);
  readonly continueFrom = this.next.bind(this);

  constructor(
    private readonly call: RelayedCall,
    private readonly from: string,
  ) {}

  private next(broken: { text: string; id: string | null; model: string | null; error: unknown }): Promise<ReadableStream<Uint8Array>> | null {
    const { relay, body, options, abort, resolved } = this.call;
    if (!relay.continuation.enabled || this.count++ >= relay.continuation.max || abort.signal.aborted) return null;
    relay.events?.onContinuation?.({ from: this.from, to: resolved.id, atChar: broken.text.length, error: broken.error });
    // A continuation is never served from or stored in the response cache.
    const continued = { ...options, providerOptions: { ...options.providerOptions, redline: { ...options.providerOptions?.redline, cache: undefined } } };
    return continueAnswer(resolved.model, continued, broken.text).then((parts) =>
      openAIChunkBody({
        head: [],
        reader: parts.getReader(),
        meta: { id: broken.id ?? completionId(), model: broken.model ?? body.model, created: this.created, includeUsage: body.stream_options?.include_usage === true },
        onCancel: () => abort.abort(),
      }),
    );
  }
}
