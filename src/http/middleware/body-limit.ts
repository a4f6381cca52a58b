import type { MiddlewareHandler } from 'hono';
import { bodyLimit as honoBodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../context.js';

/**
 * Hono's bodyLimit, with the common case first: a request that declares its Content-Length (and is
 * not chunked) is judged by the header alone, which Node's HTTP parser holds the body to. Hono's own
 * check reads `c.req.raw.body` first, which turns the Node server's lightweight request into a full
 * web Request with a body stream: a cost on every /v1 call.
 */
type OnError = NonNullable<Parameters<typeof honoBodyLimit>[0]['onError']>;

export function bodyLimit(options: { maxSize: number; onError: OnError }): MiddlewareHandler<AppEnv> {
  const streamed = honoBodyLimit(options);
  return async (c, next) => {
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      return Number.parseInt(length, 10) > options.maxSize ? options.onError(c) : next();
    }
    return streamed(c, next);
  };
}
