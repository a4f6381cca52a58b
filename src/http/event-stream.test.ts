import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppEnv } from './context.js';
import { eventStream, formatSse } from './event-stream.js';

describe('eventStream', () => {
  let server: Server | null = null;
  afterEach(() => server?.close());

  const serve = async (app: Hono<AppEnv>) => {
    server = createServer(getRequestListener(app.fetch));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  const withRequestId = () => {
    const app = new Hono<AppEnv>();
    app.use('*', async (c, next) => {
      c.set('requestId', 'req-1');
      await next();
    });
    return app;
  };

  it('writes events as SSE, multi-line data as several data lines, with the request id', () => {
    expect(formatSse({ event: 'delta', id: '3', data: '{"text":"a"}' })).toBe('event: delta\ndata: {"text":"a"}\nid: 3\n\n');
    expect(formatSse({ data: 'one\ntwo\r\nthree' })).toBe('data: one\ndata: two\ndata: three\n\n');
    expect(() => formatSse({ event: 'a\nb', data: '' })).toThrow();
  });

  it('streams to a Node client, and tells the route when the client goes away', async () => {
    let aborted = false;
    let release!: () => void;
    const app = withRequestId();
    app.get('/events', (c) =>
      eventStream(
        c,
        async (sse) => {
          sse.onAbort(() => (aborted = true));
          await sse.writeSSE({ event: 'start', data: '{}' });
          await new Promise<void>((resolve) => (release = resolve));
          await sse.writeSSE({ event: 'late', data: '{}' });
        },
        { onError: () => undefined },
      ),
    );
    const url = await serve(app);
    const controller = new AbortController();
    const res = await fetch(`${url}/events`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    expect(res.headers.get('x-request-id')).toBe('req-1');
    const reader = res.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('event: start\ndata: {}\n\n');
    controller.abort();
    await expect.poll(() => aborted).toBe(true);
    release();
  });

  it('ends the response when the route is done, and logs a route that fails', async () => {
    const errors: unknown[] = [];
    const app = withRequestId();
    app.get('/ok', (c) => eventStream(c, (sse) => sse.writeSSE({ data: 'x' }), { onError: (e) => errors.push(e) }));
    app.get('/fails', (c) =>
      eventStream(
        c,
        async (sse) => {
          await sse.writeSSE({ data: 'before' });
          throw new Error('boom');
        },
        { onError: (e) => errors.push(e) },
      ),
    );
    const url = await serve(app);
    expect(await (await fetch(`${url}/ok`)).text()).toBe('data: x\n\n');
    expect(await (await fetch(`${url}/fails`)).text()).toBe('data: before\n\n');
    expect(errors).toEqual([new Error('boom')]);
  });

  it('is hono’s stream when called in process', async () => {
    const app = withRequestId();
    app.get('/events', (c) => eventStream(c, (sse) => sse.writeSSE({ event: 'a', data: '1' }), { onError: () => undefined }));
    const res = await app.fetch(new Request('http://localhost/events'));
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    expect(await res.text()).toBe('event: a\ndata: 1\n\n');
  });
});
