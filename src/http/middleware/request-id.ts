import { randomUUID } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context.js';

export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * The id a request is known by in logs and error bodies: the caller's `x-request-id` when it is a
 * sane token (so a proxy's id carries through), else a new UUID. The same rule as hono/request-id.
 */
export function requestIdFrom(header: string | string[] | undefined): string {
  const given = typeof header === 'string' ? header : undefined;
  return given && given.length <= 255 && /^[\w\-=]+$/.test(given) ? given : randomUUID();
}

/** Sets `c.var.requestId` and echoes it in the response's `x-request-id`. */
export function requestId() {
  return createMiddleware<AppEnv>(async (c, next) => {
    const id = requestIdFrom(c.req.header(REQUEST_ID_HEADER));
    c.set('requestId', id);
    c.header(REQUEST_ID_HEADER, id);
    await next();
  });
}
