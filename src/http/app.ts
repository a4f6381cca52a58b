import { existsSync } from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';
import type { AppDeps, AppEnv } from './context.js';
import { openAIErrorBody, RequestError, toHttpError } from './errors.js';
import { authenticate } from './middleware/authenticate.js';
import { bodyLimit } from './middleware/body-limit.js';
import { observe } from './middleware/observe.js';
import { requestId } from './middleware/request-id.js';
import { accountRoutes } from './routes/account-routes.js';
import { authRoutes } from './routes/auth-routes.js';
import { conversationRoutes } from './routes/conversation-routes.js';
import { documentRoutes, isUploadPath } from './routes/document-routes.js';
import { historyRoutes } from './routes/history-routes.js';
import { memoryRoutes } from './routes/memory-routes.js';
import { modelRoutes } from './routes/model-routes.js';
import { openAIRoutes } from './routes/openai-routes.js';

/** The whole HTTP surface: /v1 (OpenAI-compatible), /api (app), and the web UI. */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const tooLarge = () => {
    throw new RequestError(`The request body is larger than ${deps.limits.maxBodyBytes} bytes.`, { code: 'request_too_large', status: 413 });
  };
  const importTooLarge = () => {
    throw new RequestError(`The file is larger than ${deps.limits.maxImportBytes} bytes (limits.maxImportBytes); \`redline import <file>\` sends a large export in parts.`, { code: 'import_too_large', status: 413 });
  };
  const fileTooLarge = () => {
    const mb = Math.round(deps.documents.limits.maxFileBytes / (1024 * 1024));
    throw new RequestError(`The file is larger than ${mb} MB, the most Redline accepts (documents.maxFileMb).`, { code: 'file_too_large', status: 413 });
  };
  const apiLimit = bodyLimit({ maxSize: deps.limits.maxBodyBytes, onError: tooLarge });
  const importLimit = bodyLimit({ maxSize: deps.limits.maxImportBytes, onError: importTooLarge });
  // A file's limit plus room for the multipart framing.
  const uploadLimit = bodyLimit({ maxSize: deps.documents.limits.maxFileBytes + 64 * 1024, onError: fileTooLarge });

  app.use('*', requestId());
  app.use('/v1/*', bodyLimit({ maxSize: deps.limits.maxBodyBytes, onError: tooLarge }));
  // Exports are far larger than chat requests: the import route has its own bound.
  app.use('/api/*', (c, next) => (c.req.path === '/api/import' ? importLimit(c, next) : isUploadPath(c.req.method, c.req.path) ? uploadLimit(c, next) : apiLimit(c, next)));

  app.use('*', observe(deps));

  // Liveness plus provider health: a load balancer can route on `ok`, a person can read the breakers.
  app.get('/healthz', (c) => {
    const breakers = deps.breakers.states();
    return c.json({ ok: true, providers: breakers.map((b) => ({ key: b.key, state: b.state, failures: b.failures, openedAt: b.openedAt, nextAttemptAt: b.nextAttemptAt })) });
  });
  // Off loopback the metrics (model names, traffic) need an API key, which Prometheus sends as a bearer token.
  if (!deps.passwordless) app.use('/metrics', authenticate(deps.users, { allowSession: false }));
  app.get('/metrics', async (c) => {
    const { contentType, body } = await deps.metrics.render();
    return c.body(body, 200, { 'content-type': contentType });
  });

  app.use('/v1/*', authenticate(deps.users, { allowSession: false }));
  app.route('/v1', openAIRoutes(deps));

  app.route('/api/auth', authRoutes(deps));
  app.use('/api/*', authenticate(deps.users, { allowSession: true }));
  app.route('/api', accountRoutes(deps));
  app.route('/api', modelRoutes(deps));
  app.route('/api/conversations', conversationRoutes(deps));
  app.route('/api', memoryRoutes(deps));
  app.route('/api', historyRoutes(deps));
  app.route('/api', documentRoutes(deps));

  const errorResponse = (c: Context<AppEnv>, error: unknown) => toErrorResponse(c, error, deps);
  app.all('/v1/*', (c) => errorResponse(c, new RequestError(`Unknown endpoint ${c.req.method} ${c.req.path}.`, { code: 'unknown_endpoint', status: 404 })));
  app.all('/api/*', (c) => errorResponse(c, new RequestError(`Unknown endpoint ${c.req.method} ${c.req.path}.`, { code: 'unknown_endpoint', status: 404 })));

  if (deps.webDir && existsSync(path.join(deps.webDir, 'index.html'))) {
    const root = path.relative(process.cwd(), deps.webDir) || '.';
    app.use('/assets/*', serveStatic({ root, onFound: (_path, c) => void c.header('cache-control', 'public, max-age=31536000, immutable') }));
    app.use('*', serveStatic({ root }));
    // The SPA handles its own routes.
    app.get('*', serveStatic({ root, path: 'index.html' }));
  } else {
    app.get('/', (c) => c.text('Redline is running, but the web UI is not built. Run `npm run build`, then restart.', 503));
  }

  app.onError((error, c) => errorResponse(c, error));
  return app;
}

function toErrorResponse(c: Context<AppEnv>, error: unknown, deps: AppDeps): Response {
  const http = toHttpError(error);
  const requestIdValue = c.get('requestId');
  if (http.status >= 500 && http.code === 'internal_error') {
    // Only unexpected errors are logged with their stack; expected ones are the client's or the provider's.
    deps.logger.error({ err: error, requestId: c.get('requestId'), path: c.req.path }, 'unexpected error');
  }
  if (http.retryAfter) c.header('retry-after', http.retryAfter);
  const body = c.req.path.startsWith('/v1') ? openAIErrorBody(http, requestIdValue) : { error: { message: http.message, code: http.code, requestId: requestIdValue } };
  return c.json(body, http.status as 400);
}
