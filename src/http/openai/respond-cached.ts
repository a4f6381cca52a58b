import type { ServerResponse } from 'node:http';
import { CACHE_HEADER, replayParts, type CachedAnswer } from '../../models/index.js';
import { openAIChunkEncoder } from './openai-chunks.js';
import type { ChatCompletionRequest } from './request-schema.js';
import { completionId } from './respond-relayed.js';

/**
 * Writes a stored answer as the /v1 stream the full path would have written for the same hit (the
 * same chunks, from the same encoder), in one write: the whole answer is already here, so nothing is
 * gained by pacing it, and no web stream, framework or model wrapper sits in between.
 */
export function respondCached(input: { answer: CachedAnswer; body: ChatCompletionRequest; outgoing: ServerResponse; requestId: string }): void {
  const { answer, body, outgoing } = input;
  const encoder = openAIChunkEncoder({ id: completionId(), model: body.model, created: Math.floor(Date.now() / 1000), includeUsage: body.stream_options?.include_usage === true });
  let text = '';
  for (const part of replayParts(answer, 'exact')) text += encoder.encode(part);
  text += encoder.end();
  outgoing.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-request-id': input.requestId,
    [CACHE_HEADER]: 'hit',
  });
  outgoing.end(text);
}
