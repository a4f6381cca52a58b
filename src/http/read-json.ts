import type { Context } from 'hono';
import type { z } from 'zod';
import { RequestError } from './errors.js';

/** Reads and validates a JSON body; malformed JSON and schema violations become a 400 that names the field. */
export async function readJson<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  const text = await c.req.text();
  let raw: unknown;
  try {
    raw = text.trim() === '' ? {} : JSON.parse(text);
  } catch (error) {
    throw new RequestError(`The request body is not valid JSON: ${(error as Error).message}`, { code: 'invalid_json' });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.join('.');
    throw new RequestError(where ? `${where}: ${issue.message}` : issue.message, { param: where || null });
  }
  return parsed.data;
}
