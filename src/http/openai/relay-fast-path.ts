import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { AppDeps } from '../context.js';
import { openAIErrorBody, toHttpError } from '../errors.js';
import { apiKeyFrom } from '../middleware/authenticate.js';
import { recordRequest } from '../middleware/observe.js';
import { requestIdFrom, REQUEST_ID_HEADER } from '../middleware/request-id.js';
import { chatCall } from './chat-call.js';
import { chatCompletionRequestSchema, type ChatCompletionRequest } from './request-schema.js';
import { respondCached } from './respond-cached.js';
import { respondRelayed } from './respond-relayed.js';

const PATH = '/v1/chat/completions';

/**
 * Streaming `POST /v1/chat/completions` requests that the byte relay serves (docs/decisions/007)
 * skip the web framework: node's request goes straight to the same checks and the same relay the
 * Hono route uses, which saves about a tenth of a millisecond of the time to first token
 * (docs/decisions/011). So do exact-cache hits the store holds in memory: they are written here
 * from the stored answer, as the full path would write them. The fast path never answers a request it would have to refuse: a body that
 * is not JSON or not valid, a missing or wrong key, an unknown model, a request the cache would
 * serve or anything the relay does not take goes to `app` with the body it read, and the app
 * answers as it would have. Once it relays, failures before the first token are answered here, in
 * the app's error format.
 */
export function relayFastPath(deps: Pick<AppDeps, 'users' | 'models' | 'metrics' | 'logger' | 'limits'>): (app: RequestListener) => RequestListener {
  return (app) => (req, res) => {
    const length = Number(req.headers['content-length']);
    // Bodies without a length (chunked) or over the limit: the app's body limit answers them.
    if (req.method !== 'POST' || req.url !== PATH || !req.headers.authorization || req.headers['transfer-encoding'] !== undefined || !(length <= deps.limits.maxBodyBytes)) {
      app(req, res);
      return;
    }
    const startedAt = performance.now();
    readBody(req).then(
      (raw) => serve(app, req, res, raw, startedAt).catch((error: unknown) => writeError(res, error, requestIdFrom(req.headers[REQUEST_ID_HEADER]))),
      // The client went away while sending: nobody is left to answer.
      () => res.destroy(),
    );
  };

  // eslint-disable-next-line max-params -- one request's parts, passed once
  async function serve(app: RequestListener, req: IncomingMessage, res: ServerResponse, raw: Buffer, startedAt: number): Promise<void> {
    const call = await relayable(raw, req, res);
    if (!call) {
      // node-server reads a body it is handed here (`rawBody`), so the app sees the request whole.
      (req as IncomingMessage & { rawBody?: Buffer }).rawBody = raw;
      app(req, res);
      return;
    }
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    let status = 200;
    try {
      if (call.cached) respondCached({ answer: call.cached, body: call.body, outgoing: res, requestId });
      else await respondRelayed({ ...call, outgoing: res, requestId });
    } catch (error) {
      status = writeError(res, error, requestId);
    }
    recordRequest(deps, { requestId, method: 'POST', path: PATH, status, startedAt, userId: call.userId });
  }

  /**
   * Everything the Hono route checks, cheapest first; null hands the request to the app. Any
   * refusal (bad JSON, an unknown model, a wrong key, a bad cache hint, even a store that fails) is
   * the app's to write, so nothing here throws.
   */
  async function relayable(raw: Buffer, req: IncomingMessage, res: ServerResponse) {
    try {
      const json: unknown = JSON.parse(raw.toString('utf8'));
      const { stream, model } = (json ?? {}) as { stream?: unknown; model?: unknown };
      // Models the relay never takes (`auto`, hedged aliases, other wires) go to the app before the costlier checks, so those run once.
      if (stream !== true || typeof model !== 'string' || !deps.models.canRelay(model)) return null;
      const parsed = chatCompletionRequestSchema.safeParse(json);
      if (!parsed.success) return null;
      const body: ChatCompletionRequest = parsed.data;
      const key = apiKeyFrom(String(req.headers.authorization));
      const user = key ? await deps.users.userForApiKey(key) : null;
      if (!user) return null;
      const resolved = await deps.models.resolveListed(body.model);
      const { options, abort } = chatCall(body, { userId: user.id, headers: nodeHeaders(req), outgoing: res });
      const relay = deps.models.relayRoute(body.model, options);
      if (relay) return { relay, body, options, abort, resolved, userId: user.id };
      // A request for the response cache: a hit this process holds in memory is written here.
      const cached = deps.models.hotCachedAnswer(body.model, options);
      return cached ? { cached, body, userId: user.id } : null;
    } catch {
      return null;
    }
  }

  /** A failure before the first token, as the app's error handler writes it on /v1; returns the status. */
  function writeError(res: ServerResponse, error: unknown, requestId: string): number {
    const http = toHttpError(error);
    if (http.status >= 500 && http.code === 'internal_error') deps.logger.error({ err: error, requestId, path: PATH }, 'unexpected error');
    if (res.headersSent || res.destroyed) {
      res.end();
      return http.status;
    }
    const payload = JSON.stringify(openAIErrorBody(http, requestId));
    const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), [REQUEST_ID_HEADER]: requestId };
    if (http.retryAfter) headers['retry-after'] = http.retryAfter;
    res.writeHead(http.status, headers).end(payload);
    return http.status;
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const onData = (chunk: Buffer) => chunks.push(chunk);
    // The listeners go once the body is read: left on the request, they would live as long as the stream.
    const settle = (error?: unknown) => {
      req.off('data', onData).off('end', settle).off('error', settle).off('aborted', settle);
      if (error !== undefined || !req.complete) reject(error ?? new Error('The client went away while sending its request.'));
      else resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    };
    req.on('data', onData).once('end', settle).once('error', settle).once('aborted', settle);
  });
}

/** Node's request headers behind the `get` the cache hints read. */
const nodeHeaders = (req: IncomingMessage): Pick<Headers, 'get'> => ({
  get: (name) => {
    const value = req.headers[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
  },
});
