import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { NotFoundError, isId } from '../../chat/index.js';
import { MEMORY_KINDS } from '../../memory/index.js';
import type { AppDeps, AppEnv } from '../context.js';
import { RequestError } from '../errors.js';
import { readJson } from '../read-json.js';

const kind = z.enum(MEMORY_KINDS as [string, ...string[]]).transform((k) => k as (typeof MEMORY_KINDS)[number]);
const listQuery = z.object({
  q: z.string().max(500).optional(),
  kind: kind.optional(),
  status: z.enum(['active', 'superseded', 'deleted', 'all']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
const createSchema = z.object({ content: z.string().min(1).max(2000), kind: kind.optional() });
const patchSchema = z.object({ content: z.string().min(1).max(2000).optional(), kind: kind.optional() }).refine((p) => p.content !== undefined || p.kind !== undefined, 'give content or kind');
const settingsSchema = z
  .object({
    memoryEnabled: z.boolean(),
    chatHistoryEnabled: z.boolean(),
    aboutUser: z.string(),
    responseStyle: z.string(),
    styleRules: z.array(z.string()),
  })
  .partial()
  .strict();

/** Reads a query string with a schema; a bad value is a 400 that names it. */
function readQuery<T extends z.ZodType>(c: Context<AppEnv>, schema: T): z.infer<T> {
  const parsed = schema.safeParse(c.req.query());
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new RequestError(`${issue.path.join('.') || 'query'}: ${issue.message}`, { param: issue.path.join('.') || null });
}

/** A download: JSON with a dated file name. */
const attachment = (c: Context<AppEnv>, input: { name: string; body: unknown }) => {
  const date = new Date().toISOString().slice(0, 10);
  c.header('content-disposition', `attachment; filename="${input.name}-${date}.json"`);
  return c.json(input.body);
};

/**
 * Personalization (switches, custom instructions, style profile) and the Memory page: list, search,
 * add, edit, delete one or all, export. Every call is scoped to the signed-in user; another user's
 * memory id is a 404.
 */
export function memoryRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const { memory } = deps;

  app.get('/personalization', async (c) => c.json({ settings: await memory.getSettings(c.get('user').id) }));
  app.patch('/personalization', async (c) => {
    const patch = await readJson(c, settingsSchema);
    return c.json({ settings: await memory.updateSettings(c.get('user').id, patch) });
  });
  app.post('/personalization/style/reset', async (c) => c.json({ settings: await memory.resetStyle(c.get('user').id) }));

  app.get('/memories', async (c) => {
    const userId = c.get('user').id;
    const query = readQuery(c, listQuery);
    const q = query.q?.trim();
    if (q) {
      const found = await memory.search(userId, q, { k: query.limit ?? 50, signal: c.req.raw.signal });
      return c.json({ memories: query.kind ? found.filter((m) => m.kind === query.kind) : found });
    }
    return c.json({ memories: await memory.list(userId, { kind: query.kind, status: query.status, limit: query.limit }) });
  });
  app.post('/memories', async (c) => {
    const body = await readJson(c, createSchema);
    const outcome = await memory.create(c.get('user').id, body);
    switch (outcome.action) {
      case 'add':
        return c.json({ action: outcome.action, memory: outcome.memory, replaced: null }, 201);
      case 'update':
        return c.json({ action: outcome.action, memory: outcome.memory, replaced: outcome.replaced }, 201);
      case 'delete':
        return c.json({ action: outcome.action, memory: null, replaced: outcome.deleted });
      case 'none':
        return c.json({ action: outcome.action, memory: outcome.existing, replaced: null });
    }
  });
  app.delete('/memories', async (c) => c.json({ deleted: await memory.removeAll(c.get('user').id) }));
  // Before /memories/:id, which would take "export" for an id.
  app.get('/memories/export', async (c) => attachment(c, { name: 'redline-memory', body: await memory.export(c.get('user').id) }));

  const mustBeId = (id: string) => {
    if (!isId(id)) throw new NotFoundError('Memory');
    return id;
  };
  app.get('/memories/:id', async (c) => {
    const found = await memory.get(c.get('user').id, mustBeId(c.req.param('id')));
    if (!found) throw new NotFoundError('Memory');
    return c.json(found);
  });
  app.patch('/memories/:id', async (c) => {
    const body = await readJson(c, patchSchema);
    const edited = await memory.edit(c.get('user').id, mustBeId(c.req.param('id')), body);
    if (!edited) throw new NotFoundError('Memory');
    return c.json({ memory: edited });
  });
  app.delete('/memories/:id', async (c) => {
    if (!(await memory.remove(c.get('user').id, mustBeId(c.req.param('id'))))) throw new NotFoundError('Memory');
    return c.json({ ok: true });
  });

  return app;
}
