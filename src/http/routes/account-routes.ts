import { Hono } from 'hono';
import { z } from 'zod';
import { NotFoundError } from '../../chat/index.js';
import { ForbiddenError } from '../../users/index.js';
import type { AppDeps, AppEnv } from '../context.js';
import { readJson } from '../read-json.js';

const passwordSchema = z.object({ currentPassword: z.string().optional(), newPassword: z.string().min(8, 'must be at least 8 characters') });
const newUserSchema = z.object({ email: z.string().trim().email(), name: z.string().trim().max(100).optional(), password: z.string().min(8, 'must be at least 8 characters') });
const newKeySchema = z.object({ name: z.string().trim().max(100).optional() });

/** The signed-in user's profile and API keys, and (for the owner) other users. */
export function accountRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const ownerOnly = (role: string) => {
    if (role !== 'owner') throw new ForbiddenError('Only the owner can manage users.');
  };

  app.get('/me', (c) => c.json({ user: c.get('user') }));

  app.post('/me/password', async (c) => {
    const body = await readJson(c, passwordSchema);
    await deps.users.setPassword(c.get('user').id, body);
    return c.json({ ok: true });
  });

  app.get('/users', async (c) => {
    ownerOnly(c.get('user').role);
    return c.json({ users: await deps.users.list() });
  });

  app.post('/users', async (c) => {
    ownerOnly(c.get('user').role);
    const body = await readJson(c, newUserSchema);
    return c.json({ user: await deps.users.create(body) }, 201);
  });

  app.delete('/users/:id', async (c) => {
    ownerOnly(c.get('user').role);
    if (!(await deps.users.remove(c.get('user'), c.req.param('id')))) throw new NotFoundError('User');
    return c.json({ ok: true });
  });

  app.get('/keys', async (c) => c.json({ keys: await deps.users.listApiKeys(c.get('user').id) }));

  app.post('/keys', async (c) => {
    const body = await readJson(c, newKeySchema);
    const created = await deps.users.createApiKey(c.get('user').id, body.name || 'API key');
    return c.json(created, 201);
  });

  app.delete('/keys/:id', async (c) => {
    const id = c.req.param('id');
    if (!/^[0-9a-f-]{36}$/i.test(id) || !(await deps.users.deleteApiKey(c.get('user').id, id))) throw new NotFoundError('API key');
    return c.json({ ok: true });
  });

  return app;
}
