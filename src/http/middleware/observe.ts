import { createMiddleware } from 'hono/factory';
import type { AppDeps, AppEnv } from '../context.js';

const surfaceOf = (path: string) => (path.startsWith('/v1/') ? 'v1' : path.startsWith('/api/') ? 'api' : path === '/metrics' || path === '/healthz' ? 'other' : 'ui');

/**
 * Counts every response by surface and status, and logs API requests with their request id (the
 * same id error bodies carry), so a user's error report leads to the log line.
 */
export function observe(deps: Pick<AppDeps, 'metrics' | 'logger'>) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const started = performance.now();
    await next();
    const surface = surfaceOf(c.req.path);
    deps.metrics.httpRequest(surface, c.res.status);
    if (surface === 'v1' || surface === 'api') {
      const ms = Math.round((performance.now() - started) * 10) / 10;
      const entry = { requestId: c.get('requestId'), method: c.req.method, path: c.req.path, status: c.res.status, ms, userId: c.var.user?.id };
      if (c.res.status >= 500) deps.logger.error(entry, 'request failed');
      else deps.logger.debug(entry, 'request');
    }
  });
}
