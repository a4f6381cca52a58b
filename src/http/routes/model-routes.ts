import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';

/** The model picker's list and the recommended local model's setup. */
export function modelRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.get('/models', async (c) => {
    const [models, defaultModel] = await Promise.all([deps.models.list(), deps.models.defaultModelId()]);
    return c.json({ models, default: defaultModel, setup: deps.localSetup.status() });
  });

  app.get('/setup/local-model', (c) => c.json({ setup: deps.localSetup.status() }));
  app.post('/setup/local-model', (c) => c.json({ setup: deps.localSetup.start() }));

  return app;
}
