import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps, AppEnv } from '../context.js';
import { RequestError } from '../errors.js';

const searchQuery = z.object({
  q: z.string().trim().min(1, 'must not be empty').max(500),
  k: z.coerce.number().int().min(1).max(50).optional(),
});

/**
 * The user's history as a whole: episodic search over past conversations, import of a ChatGPT or
 * Redline export, and Redline's own export of every conversation (all branches) and memory.
 */
export function historyRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const { memory } = deps;

  app.get('/search', async (c) => {
    const parsed = searchQuery.safeParse(c.req.query());
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new RequestError(`${issue.path.join('.')}: ${issue.message}`, { param: issue.path.join('.') || null });
    }
    const results = await memory.searchMessages(c.get('user').id, parsed.data.q, { k: parsed.data.k ?? 10, signal: c.req.raw.signal });
    return c.json({ results });
  });

  // Its body limit is maxImportBytes (app.ts): exports are much larger than chat requests.
  app.post('/import', async (c) => {
    const text = await c.req.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new RequestError(`The file is not valid JSON: ${(error as Error).message}`, { code: 'import_format' });
    }
    const result = await memory.import(c.get('user').id, json);
    return c.json({
      source: result.source,
      counts: { conversations: result.imported.length, messages: result.imported.reduce((n, i) => n + i.messages, 0), skipped: result.skipped.length, failed: result.failed.length, memories: result.memories },
      imported: result.imported,
      skipped: result.skipped,
      failed: result.failed,
      invalid: result.invalid,
    });
  });

  app.get('/export', async (c) => {
    const date = new Date().toISOString().slice(0, 10);
    c.header('content-disposition', `attachment; filename="redline-export-${date}.json"`);
    return c.json(await memory.exportHistory(c.get('user').id));
  });

  return app;
}
