import { createMiddleware } from 'hono/factory';
import type { AppDeps, AppEnv } from '../context.js';

const surfaceOf = (path: string) => (path.startsWith('/v1/') ? 'v1' : path.startsWith('/api/') ? 'api' : path === '/metrics' || path === '/healthz' ? 'other' : 'ui');

export interface ObservedRequest {
  requestId: string;
  method: string;
  path: string;
  status: number;
  /** From the request's arrival to its response's headers. */
  startedAt: number;
  userId: string | undefined;
}

/**
 * Counts a response by surface and status, and logs API requests with their request id (the same
 * id error bodies carry), so a user's error report leads to the log line. The app's middleware and
 * the /v1 relay's fast path (src/http/openai/relay-fast-path.ts) both report through it.
 */
export function recordRequest(deps: Pick<AppDeps, 'metrics' | 'logger'>, request: ObservedRequest): void {
  const surface = surfaceOf(request.path);
  deps.metrics.httpRequest(surface, request.status);
  if (surface !== 'v1' && surface !== 'api') return;
  if (request.status < 500 && deps.logger.isLevelEnabled?.('debug') === false) return;
  const { startedAt, ...rest } = request;
  const entry = { ...rest, ms: Math.round((performance.now() - startedAt) * 10) / 10 };
  if (request.status >= 500) deps.logger.error(entry, 'request failed');
  else deps.logger.debug(entry, 'request');
}

/** Observes every request the app answers (see recordRequest). */
export function observe(deps: Pick<AppDeps, 'metrics' | 'logger'>) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const startedAt = performance.now();
    await next();
    recordRequest(deps, { requestId: c.get('requestId'), method: c.req.method, path: c.req.path, status: c.res.status, startedAt, userId: c.var.user?.id });
  });
}
