import type { ServerResponse } from 'node:http';
import type { LanguageModelV3Content, LanguageModelV3StreamPart } from '@ai-sdk/provider';
import { Hono } from 'hono';
import { CACHE_HEADER } from '../../models/index.js';
import type { AppDeps, AppEnv } from '../context.js';
import { chatCall } from '../openai/chat-call.js';
import { openAIChunkBody, toFinishReason, toUsage } from '../openai/openai-chunks.js';
import { chatCompletionRequestSchema } from '../openai/request-schema.js';
import { completionId, respondRelayed } from '../openai/respond-relayed.js';
import { alreadySent } from '../already-sent.js';
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
    // The relay writes to the Node response itself; on any other runtime streams take the full path.
    const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
    const { options, abort } = chatCall(body, { userId: c.get('user').id, headers: c.req.raw.headers, outgoing, signal: outgoing ? undefined : c.req.raw.signal });
    const relay = body.stream && outgoing ? deps.models.relayRoute(body.model, options) : null;
    if (relay && outgoing) {
      await respondRelayed({ relay, body, options, abort, resolved, outgoing, requestId: c.get('requestId') });
      return alreadySent();
    }
    const id = completionId();
    const created = Math.floor(Date.now() / 1000);

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
