import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { NotFoundError, isId, type StartedTurn, type TurnEvent } from '../../chat/index.js';
import type { AppDeps, AppEnv } from '../context.js';
import { eventStream, type EventSink } from '../event-stream.js';
import { readJson } from '../read-json.js';

/** A conversation's own custom instructions; null goes back to the user's. */
const instructions = z.string().max(1500, 'must be at most 1500 characters').nullable().optional();
const projectId = z.string().uuid('must be a project id').nullable().optional();
const createSchema = z.object({ title: z.string().max(200).optional(), model: z.string().min(1).optional(), temporary: z.boolean().optional(), instructions, projectId });
const patchSchema = z.object({ title: z.string().max(200).optional(), model: z.string().min(1).optional(), currentLeafId: z.string().optional(), instructions, projectId });
/** Think harder: the model's own reasoning effort, or plan, answer and check in words for a model without one. */
const reasoning = z.enum(['low', 'medium', 'high']).optional();
const regenerateSchema = z.object({ model: z.string().min(1).optional(), reasoning });
const feedbackSchema = z.object({ rating: z.enum(['up', 'down']).nullable(), reason: z.string().max(500).optional() });
const listQuery = z.object({
  q: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  before: z.coerce.date().optional(),
  project: z.string().uuid().optional(),
});

/** Conversations, their message trees, and sending a message with the answer streamed back as SSE. */
export function conversationRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const { store, chat } = deps;
  // The response is under way when an event fails to write: all that is left is to say so in the log.
  const streamFailed = (error: unknown) => deps.logger.error({ err: error }, 'could not write an event stream');
  const sendSchema = z.object({
    content: z.string().refine((s) => s.trim().length > 0, 'must not be empty').refine((s) => s.length <= deps.limits.maxMessageChars, `must be at most ${deps.limits.maxMessageChars} characters`),
    parentId: z.string().nullable().optional(),
    model: z.string().min(1).optional(),
    reasoning,
  });

  // A project id is the user's own or does not exist: another user's answers 404 like a made-up one.
  const mustOwnProject = async (userId: string, id: string) => {
    if (!(await deps.documents.projects.find(userId, id))) throw new NotFoundError('Project');
  };

  const mustGet = async (userId: string, id: string) => {
    const conversation = await store.get(userId, id);
    if (!conversation) throw new NotFoundError('Conversation');
    return conversation;
  };

  app.get('/', async (c) => {
    const parsed = listQuery.safeParse(c.req.query());
    const { project, ...query } = parsed.success ? parsed.data : {};
    return c.json({ conversations: await store.list(c.get('user').id, { ...query, projectId: project }) });
  });

  app.post('/', async (c) => {
    const body = await readJson(c, createSchema);
    if (body.model) await deps.models.resolveListed(body.model);
    if (body.projectId) await mustOwnProject(c.get('user').id, body.projectId);
    return c.json({ conversation: await store.create(c.get('user').id, body) }, 201);
  });

  app.get('/:id', async (c) => {
    const userId = c.get('user').id;
    const conversation = await mustGet(userId, c.req.param('id'));
    return c.json({ conversation, messages: await store.messages(userId, conversation.id) });
  });

  app.patch('/:id', async (c) => {
    const userId = c.get('user').id;
    const body = await readJson(c, patchSchema);
    const conversation = await mustGet(userId, c.req.param('id'));
    if (body.currentLeafId !== undefined && !(await store.message(userId, conversation.id, body.currentLeafId))) throw new NotFoundError('Message');
    if (body.model) await deps.models.resolveListed(body.model);
    if (body.projectId) await mustOwnProject(userId, body.projectId);
    return c.json({ conversation: await store.update(userId, conversation.id, body) });
  });

  app.delete('/:id', async (c) => {
    if (!(await store.remove(c.get('user').id, c.req.param('id')))) throw new NotFoundError('Conversation');
    return c.json({ ok: true });
  });

  app.post('/:id/messages', async (c) => {
    const body = await readJson(c, sendSchema);
    const turn = await chat.send(c.get('user').id, { conversationId: c.req.param('id'), content: body.content, parentId: body.parentId, model: body.model, reasoning: body.reasoning });
    return streamTurn(c, turn, streamFailed);
  });

  app.post('/:id/messages/:messageId/regenerate', async (c) => {
    const body = await readJson(c, regenerateSchema);
    const turn = await chat.regenerate(c.get('user').id, { conversationId: c.req.param('id'), messageId: c.req.param('messageId'), model: body.model, reasoning: body.reasoning });
    return streamTurn(c, turn, streamFailed);
  });

  app.post('/:id/messages/:messageId/feedback', async (c) => {
    const userId = c.get('user').id;
    const body = await readJson(c, feedbackSchema);
    const messageId = c.req.param('messageId');
    const feedback = body.rating ? { rating: body.rating, reason: body.reason?.trim() || null, at: new Date().toISOString() } : null;
    const message = isId(messageId) ? await store.setFeedback(userId, { conversationId: c.req.param('id'), messageId, feedback }) : null;
    if (!message) throw new NotFoundError('Message');
    if (feedback) {
      const route = (message.metadata?.route as { name?: string } | undefined)?.name ?? null;
      deps.metrics.rated(route, feedback.rating);
      // A reason such as "too long" or "no emojis" teaches the style profile.
      await chat.rated(userId, { conversationId: message.conversationId, feedback });
    }
    return c.json({ message });
  });

  app.post('/:id/messages/:messageId/continue', async (c) => {
    const turn = await chat.continue(c.get('user').id, { conversationId: c.req.param('id'), messageId: c.req.param('messageId') });
    return streamTurn(c, turn, streamFailed);
  });

  // Reconnect to an answer (reload, second tab, dropped network): `Last-Event-ID` resumes after the last event seen.
  app.get('/:id/messages/:messageId/stream', async (c) => {
    const userId = c.get('user').id;
    const header = c.req.header('last-event-id') ?? c.req.query('lastEventId');
    const lastEventId = header !== undefined && /^\d+$/.test(header) ? Number(header) : null;
    const messageId = c.req.param('messageId');
    const abort = new AbortController();
    const events = isId(messageId) ? await chat.follow(userId, { conversationId: c.req.param('id'), messageId, lastEventId, signal: abort.signal }) : null;
    if (!events) throw new NotFoundError('Message');
    return eventStream(
      c,
      async (sse) => {
        sse.onAbort(() => abort.abort());
        for await (const item of events) {
          const id = item.index === null ? undefined : String(item.index);
          if (item.type === 'snapshot') await sse.writeSSE({ event: 'snapshot', id, data: JSON.stringify({ text: item.text }) });
          else await writeTurnEvent(sse, item.event, id);
        }
      },
      { onError: streamFailed },
    );
  });

  app.post('/:id/messages/:messageId/stop', async (c) => {
    const userId = c.get('user').id;
    const conversation = await mustGet(userId, c.req.param('id'));
    const messageId = c.req.param('messageId');
    if (!isId(messageId) || !(await store.message(userId, conversation.id, messageId))) throw new NotFoundError('Message');
    return c.json({ ok: true, stopped: await chat.stop(userId, messageId) });
  });

  return app;
}

/** One turn event as one SSE event: the only place the app stream's wire format is written. */
function writeTurnEvent(sse: EventSink, event: TurnEvent, id: string | undefined) {
  switch (event.type) {
    case 'delta':
      return sse.writeSSE({ event: 'delta', id, data: JSON.stringify({ text: event.text }) });
    case 'reasoning':
      return sse.writeSSE({ event: 'reasoning', id, data: JSON.stringify({ text: event.text }) });
    case 'sources':
      return sse.writeSSE({ event: 'sources', id, data: JSON.stringify({ sources: event.sources }) });
    case 'verification':
      return sse.writeSSE({ event: 'verification', id, data: JSON.stringify({ verification: event.verification }) });
    case 'tool':
      return sse.writeSSE({ event: 'tool', id, data: JSON.stringify({ call: event.call }) });
    case 'done':
      return sse.writeSSE({ event: 'done', id, data: JSON.stringify({ message: event.message, conversation: event.conversation }) });
    case 'error':
      return sse.writeSSE({ event: 'error', id, data: JSON.stringify({ message: event.message, error: event.error }) });
  }
}

/** Writes a running turn as SSE. Leaving early (client gone) does not stop the answer: it is persisted anyway. */
function streamTurn(c: Context<AppEnv>, turn: StartedTurn, onError: (error: unknown) => void) {
  return eventStream(
    c,
    async (sse) => {
      const abort = new AbortController();
      sse.onAbort(() => abort.abort());
      await sse.writeSSE({ event: 'start', data: JSON.stringify({ userMessage: turn.userMessage, assistantMessage: turn.assistantMessage }) });
      for await (const batch of turn.stream.read(0, abort.signal)) {
        // Deltas that queued up while the client was slow go out as one event: fewer writes, same text.
        let text = '';
        let last = -1;
        for (const { index, event } of batch) {
          if (event.type === 'delta') {
            text += event.text;
            last = index;
            continue;
          }
          if (text) await sse.writeSSE({ event: 'delta', id: String(last), data: JSON.stringify({ text }) });
          text = '';
          await writeTurnEvent(sse, event, String(index));
        }
        if (text) await sse.writeSSE({ event: 'delta', id: String(last), data: JSON.stringify({ text }) });
      }
    },
    { onError },
  );
}
