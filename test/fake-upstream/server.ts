import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleChat } from './chat-route.js';
import { handleEmbeddings } from './embeddings-route.js';
import { Exchange } from './exchange.js';
import { RequestLog } from './request-log.js';
import { echoResponder } from './responder.js';
import { createRandom, createState, type ServerState } from './state.js';
import type { FakeUpstream, FakeUpstreamOptions } from './types.js';

const MAX_BODY_BYTES = 32 * 1024 * 1024;

/**
 * Starts a fake OpenAI-compatible server on 127.0.0.1 (real HTTP and SSE), with fault injection.
 * @example const fake = await startFakeUpstream({ tokenDelayMs: 5 }); createOpenAI({ baseURL: fake.url }); await fake.close();
 */
export async function startFakeUpstream(opts: FakeUpstreamOptions = {}): Promise<FakeUpstream> {
  const state = createState(opts);
  const log = new RequestLog(opts.maxRecorded ?? 1000);
  const host = opts.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    route(req, res, state, log).catch((err: unknown) => {
      // A bug here must reach the test as a 500, not hang the client.
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    if (state.faults.refuseConnections) socket.destroy();
  });
  let port = await listen(server, opts.port ?? 0, host);

  const stopListening = async (): Promise<void> => {
    if (!server.listening) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  };

  return {
    url: `http://${host}:${port}/v1`,
    port,
    name: state.name,
    requests: log.requests,
    stats: () => log.stats(),
    setFaults: (faults) => {
      state.faults = { ...faults };
    },
    setResponder: (responder) => {
      state.responder = responder ?? echoResponder;
    },
    setTokenDelay: (ms) => {
      state.tokenDelayMs = ms;
    },
    reset: () => {
      log.reset();
      state.faults = {};
      state.random = createRandom(opts.seed);
    },
    stopListening,
    startListening: async () => {
      if (!server.listening) port = await listen(server, port, host);
    },
    close: stopListening,
  };
}

/** Starts `n` independent fakes ("providers"), named fake-1 … fake-n unless `opts[i].name` says otherwise. */
export function startFakeUpstreams(n: number, opts: FakeUpstreamOptions[] = []): Promise<FakeUpstream[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => startFakeUpstream({ name: `fake-${i + 1}`, ...opts[i] })));
}

async function route(req: IncomingMessage, res: ServerResponse, s: ServerState, log: RequestLog): Promise<void> {
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  const ex = new Exchange(res, log.start(req, path), log);
  res.setHeader('x-fake-upstream', s.name);
  // Also on kept-alive sockets, which the 'connection' check never sees again.
  if (s.faults.refuseConnections) {
    ex.settle('refused');
    res.destroy();
    return;
  }
  if (s.apiKey !== undefined && req.headers.authorization !== `Bearer ${s.apiKey}`) {
    return ex.error(401, { outcome: 'unauthorized' });
  }
  const method = req.method ?? 'GET';
  if (method === 'GET' && path === '/v1/models') return ex.json(200, { object: 'list', data: s.models.map((id) => modelObject(s, id)) }, 'ok');
  if (method === 'GET' && path.startsWith('/v1/models/')) {
    const id = decodeURIComponent(path.slice('/v1/models/'.length));
    if (s.models.includes(id)) return ex.json(200, modelObject(s, id), 'ok');
    return ex.error(404, { message: `The model '${id}' does not exist`, code: 'model_not_found', outcome: 'not_found' });
  }
  if (method === 'GET' && path === '/health') return ex.json(200, { ok: true }, 'ok');
  if (method === 'POST' && (path === '/v1/chat/completions' || path === '/v1/embeddings')) {
    const body = await readJson(req, ex);
    if (body === undefined) return;
    ex.record.body = body;
    return path === '/v1/embeddings' ? handleEmbeddings(ex, body, s) : handleChat(ex, body, s);
  }
  ex.error(404, { message: `Unknown request URL: ${method} ${path}.`, code: 'unknown_url', outcome: 'not_found' });
}

function modelObject(s: ServerState, id: string): object {
  return { id, object: 'model', created: s.startedAt, owned_by: s.name };
}

/** The parsed body, or undefined after answering 400/413 (or when the client went away). */
async function readJson(req: IncomingMessage, ex: Exchange): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        ex.error(413, { message: 'Request body too large.', outcome: 'bad_request' });
        return undefined;
      }
      chunks.push(chunk);
    }
  } catch {
    return undefined; // the client aborted; the exchange records it when the socket closes
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    const message = 'We could not parse the JSON body of your request. (HINT: This likely means you aren\'t using your HTTP library correctly.)';
    ex.error(400, { message, outcome: 'bad_request' });
    return undefined;
  }
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // A deep backlog: benchmarks open hundreds of connections at once.
    server.listen({ port, host, backlog: 4096 }, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
