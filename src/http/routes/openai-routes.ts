import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { LanguageModelV3CallOptions, LanguageModelV3Content, LanguageModelV3StreamPart } from '@ai-sdk/provider';
import { Hono, type Context } from 'hono';
import { CACHE_HEADER, continueAnswer, openRelay, type RelayRoute, type ResolvedModel } from '../../models/index.js';
import type { AppDeps, AppEnv } from '../context.js';
import { cacheHintFromHeaders } from '../openai/cache-hints.js';
import { openAIChunkBody, toFinishReason, toUsage } from '../openai/openai-chunks.js';
import { chatCompletionRequestSchema, type ChatCompletionRequest } from '../openai/request-schema.js';
import { writeRelay } from '../openai/write-relay.js';
import { alreadySent } from '../already-sent.js';
import { toCallOptions } from '../openai/to-call-options.js';
import { readJson } from '../read-json.js';

/** The OpenAI-compatible surface: /v1/chat/completions and /v1/models. */
export function openAIRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.get('/models', async (c) => {
    const models = await deps.models.list();
    return c.json({ object: 'list', data: models.map((m) => ({ id: m.id, object: 'model', created: 0, owned_by: m.provider })) });
  });

  app.post('/chat/completions', async (c) => {
    const body = await readJson(c, chatCompletionRequestSchema);
    const resolved = await deps.models.resolveListed(body.model);
    const abort = new AbortController();
    // The relay writes to the Node response itself; on any other runtime streams take the full path.
    const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
    // A client that leaves aborts the call. On Node the response's close says so directly; the
    // request's web signal would cost an AbortController and a listener on every request.
    if (outgoing) outgoing.once('close', () => outgoing.writableFinished || abort.abort());
    else c.req.raw.signal.addEventListener('abort', () => abort.abort(), { once: true });
    const options = toCallOptions(body, abort.signal);
    // The cache is scoped to the caller; the model layer knows users only as this id.
    options.providerOptions = { ...options.providerOptions, redline: { ...options.providerOptions?.redline, cache: cacheHintFromHeaders(c.req.raw.headers, c.get('user').id) } };
    const created = Math.floor(Date.now() / 1000);
    const relay = body.stream && outgoing ? deps.models.relayRoute(body.model, options) : null;
    if (relay && outgoing) return relayed(c, { relay, body, options, abort, resolved, created, outgoing });
    const id = completionId();

    if (!body.stream) {
      const result = await resolved.model.doGenerate(options);
      c.header(CACHE_HEADER, cacheOutcome(result.response?.headers));
      const { text, toolCalls, reasoning } = collectContent(result.content);
      const message: Record<string, unknown> = { role: 'assistant', content: text || (toolCalls.length ? null : ''), refusal: null };
      if (reasoning) message.reasoning_content = reasoning;
      if (toolCalls.length) message.tool_calls = toolCalls;
      return c.json({
        id,
        object: 'chat.completion',
        created,
        model: body.model,
        system_fingerprint: null,
        choices: [{ index: 0, message, logprobs: null, finish_reason: toFinishReason(result.finishReason) }],
        usage: toUsage(result.usage),
      });
    }

    const { stream, response } = await resolved.model.doStream(options);
    // Hold the headers until the first real output: an upstream that fails before its first token
    // (an HTML page, a stream that ends at once) then gets a proper HTTP status instead of a 200.
    const reader = stream.getReader();
    const head: LanguageModelV3StreamPart[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (value.type === 'error') {
        abort.abort();
        throw value.error;
      }
      head.push(value);
      if (isOutput(value)) break;
    }
    const body$ = openAIChunkBody({ head, reader, meta: { id, model: body.model, created, includeUsage: body.stream_options?.include_usage === true }, onCancel: () => abort.abort() });
    return new Response(body$, {
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-request-id': c.get('requestId'),
        [CACHE_HEADER]: cacheOutcome(response?.headers),
      },
    });
  });

  return app;
}

/**
 * A stream to an upstream that speaks OpenAI's wire goes out as the client sent it and comes back
 * byte for byte: no parse, no re-encode, one socket write per upstream chunk. Failures before output
 * fail over like the full path; a break after output is continued on the full path.
 */
async function relayed(
  c: Context<AppEnv>,
  input: {
    relay: RelayRoute;
    body: ChatCompletionRequest;
    options: LanguageModelV3CallOptions;
    abort: AbortController;
    resolved: ResolvedModel;
    created: number;
    outgoing: ServerResponse;
  },
): Promise<Response> {
  const { relay, body, options, abort, resolved, outgoing } = input;
  const opened = await openRelay(relay, body, abort.signal);
  let continuations = 0;
  outgoing.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-request-id': c.get('requestId'),
    [CACHE_HEADER]: 'bypass',
  });
  writeRelay(opened, outgoing, {
    onCancel: () => abort.abort(),
    aborted: () => abort.signal.aborted,
    continueFrom: (broken) => {
      if (!relay.continuation.enabled || continuations++ >= relay.continuation.max || abort.signal.aborted) return null;
      relay.events?.onContinuation?.({ from: opened.target.id, to: resolved.id, atChar: broken.text.length, error: broken.error });
      // A continuation is never served from or stored in the response cache.
      const call = { ...options, providerOptions: { ...options.providerOptions, redline: { ...options.providerOptions?.redline, cache: undefined } } };
      return continueAnswer(resolved.model, call, broken.text).then((parts) =>
        openAIChunkBody({
          head: [],
          reader: parts.getReader(),
          meta: { id: broken.id ?? completionId(), model: broken.model ?? body.model, created: input.created, includeUsage: body.stream_options?.include_usage === true },
          onCancel: () => abort.abort(),
        }),
      );
    },
  });
  return alreadySent();
}

/** An id in OpenAI's form; the relay needs one only to continue a stream that kept none of the provider's. */
const completionId = () => `chatcmpl-${randomUUID().replaceAll('-', '')}`;

/** What the cache did, as the cache wrapper reported it (bypass when no wrapper is configured). */
const cacheOutcome = (headers: Record<string, string | undefined> | undefined) => headers?.[CACHE_HEADER] ?? 'bypass';

const isOutput = (part: LanguageModelV3StreamPart) =>
  part.type === 'text-delta' || part.type === 'reasoning-delta' || part.type === 'tool-input-start' || part.type === 'tool-call' || part.type === 'finish';

function collectContent(content: LanguageModelV3Content[]) {
  let text = '';
  let reasoning = '';
  const toolCalls: { id: string; type: 'function'; function: { name: string; arguments: string } }[] = [];
  for (const part of content) {
    if (part.type === 'text') text += part.text;
    else if (part.type === 'reasoning') reasoning += part.text;
    else if (part.type === 'tool-call') toolCalls.push({ id: part.toolCallId, type: 'function', function: { name: part.toolName, arguments: part.input } });
  }
  return { text, reasoning, toolCalls };
}
