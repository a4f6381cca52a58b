import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { NotFoundError } from '../../chat/index.js';
import type { AppDeps, AppEnv } from '../context.js';
import { RequestError } from '../errors.js';
import { readJson } from '../read-json.js';

const name = z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters');
const instructions = z.string().max(4000, 'must be at most 4000 characters').nullable().optional();
const createSchema = z.object({ name, instructions, strict: z.boolean().optional() });
const patchSchema = z.object({ name: name.optional(), instructions, strict: z.boolean().optional() });

/** Uploads are multipart with one `file` field; the body limit for these paths is the file limit (app.ts). */
export const isUploadPath = (method: string, path: string) => method === 'POST' && /^\/api\/(projects|conversations)\/[^/]+\/documents$/.test(path);

/**
 * Projects (groups of conversations and files) and their files, and files attached to one
 * conversation. Uploading answers 202 at once; indexing runs on, and `GET /api/documents/:id` shows its progress.
 */
export function documentRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const { documents, store } = deps;

  const mustGetProject = async (userId: string, id: string) => {
    const project = await documents.projects.get(userId, id);
    if (!project) throw new NotFoundError('Project');
    return project;
  };

  app.get('/projects', async (c) => c.json({ projects: await documents.projects.list(c.get('user').id) }));

  app.post('/projects', async (c) => {
    const body = await readJson(c, createSchema);
    return c.json({ project: await documents.projects.create(c.get('user').id, body) }, 201);
  });

  app.get('/projects/:id', async (c) => c.json({ project: await mustGetProject(c.get('user').id, c.req.param('id')) }));

  app.patch('/projects/:id', async (c) => {
    const body = await readJson(c, patchSchema);
    const project = await documents.projects.update(c.get('user').id, c.req.param('id'), body);
    if (!project) throw new NotFoundError('Project');
    return c.json({ project });
  });

  app.delete('/projects/:id', async (c) => {
    const userId = c.get('user').id;
    const project = await mustGetProject(userId, c.req.param('id'));
    for (const doc of await documents.store.list(userId, { projectId: project.id })) documents.indexer.cancel(doc.id);
    await documents.projects.remove(userId, project.id);
    return c.json({ ok: true });
  });

  app.get('/projects/:id/documents', async (c) => {
    const userId = c.get('user').id;
    const project = await mustGetProject(userId, c.req.param('id'));
    return c.json({ documents: await documents.store.list(userId, { projectId: project.id }) });
  });

  app.post('/projects/:id/documents', async (c) => {
    const userId = c.get('user').id;
    const project = await mustGetProject(userId, c.req.param('id'));
    const file = await readUpload(c);
    const { document } = await documents.upload(userId, { projectId: project.id }, file);
    return c.json({ document }, 202);
  });

  app.get('/conversations/:id/documents', async (c) => {
    const userId = c.get('user').id;
    const conversation = await store.get(userId, c.req.param('id'));
    if (!conversation) throw new NotFoundError('Conversation');
    return c.json({ documents: await documents.store.list(userId, { conversationId: conversation.id }) });
  });

  app.post('/conversations/:id/documents', async (c) => {
    const userId = c.get('user').id;
    const conversation = await store.get(userId, c.req.param('id'));
    if (!conversation) throw new NotFoundError('Conversation');
    const file = await readUpload(c);
    const { document } = await documents.upload(userId, { conversationId: conversation.id }, file);
    return c.json({ document }, 202);
  });

  app.get('/documents/:id', async (c) => {
    const document = await documents.store.get(c.get('user').id, c.req.param('id'));
    if (!document) throw new NotFoundError('Document');
    return c.json({ document });
  });

  app.delete('/documents/:id', async (c) => {
    if (!(await documents.remove(c.get('user').id, c.req.param('id')))) throw new NotFoundError('Document');
    return c.json({ ok: true });
  });

  return app;
}

/** The one file of a multipart upload, as bytes with its name and declared type. */
async function readUpload(c: Context<AppEnv>): Promise<{ name: string; mediaType: string | null; bytes: Uint8Array }> {
  if (!/^multipart\/form-data/i.test(c.req.header('content-type') ?? '')) {
    throw new RequestError('Send the file as multipart/form-data with a field named "file".', { code: 'invalid_upload' });
  }
  let form: Record<string, string | File | (string | File)[]>;
  try {
    form = await c.req.parseBody();
  } catch (error) {
    throw new RequestError(`The upload could not be read: ${(error as Error).message}`, { code: 'invalid_upload' });
  }
  const file = form.file;
  if (!(file instanceof File)) throw new RequestError('The upload has no file: send it in a field named "file".', { code: 'invalid_upload', param: 'file' });
  return { name: file.name, mediaType: file.type || null, bytes: new Uint8Array(await file.arrayBuffer()) };
}

