import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/config/index.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { createTestDatabase } from './test-database.js';

export interface TestServerOptions {
  /** Extra environment (e.g. OPENAI_BASE_URL of a fake upstream). */
  env?: Record<string, string>;
  store?: 'pglite' | 'postgres';
  /** Reuse a data dir (restart tests); a temp dir otherwise. */
  dataDir?: string;
  /** Reuse a Postgres database across restarts. */
  databaseUrl?: string;
  /** Serve the built web UI (web/dist). */
  withUi?: boolean;
}

/** A real Redline listening on 127.0.0.1, with an API key and a UI session for its owner. */
export interface TestServer {
  url: string;
  running: RunningServer;
  dataDir: string;
  databaseUrl: string | null;
  apiKey: string;
  /** Cookie header for the owner's UI session. */
  cookie: string;
  /** fetch against the server with the owner's session (JSON bodies). */
  api(method: string, pathname: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  /** Stops the server; `keepData` keeps the store for a restart. */
  close(options?: { keepData?: boolean }): Promise<void>;
}

/** Starts Redline like `npm start` does, on an ephemeral port, against a temp store. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'redline-test-'));
  let database: { url: string; drop: () => Promise<void> } | null = options.databaseUrl ? { url: options.databaseUrl, drop: async () => undefined } : null;
  if (!database && options.store === 'postgres') database = await createTestDatabase();
  const config = loadConfig({ HOST: '127.0.0.1', PORT: '0', REDLINE_DATA_DIR: dataDir, REDLINE_DETECT_OLLAMA: '0', LOG_LEVEL: 'silent', ...(database ? { DATABASE_URL: database.url } : {}), ...options.env }, dataDir);
  const running = await startServer(config, { logger: pino({ level: 'silent' }), webDir: options.withUi ? undefined : null, gpu: false });
  const login = await fetch(`${running.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  const { secret } = (await running.runtime.users.createApiKey(running.runtime.owner.id, 'test')) as { secret: string };
  return {
    url: running.url,
    running,
    dataDir,
    databaseUrl: database?.url ?? null,
    apiKey: secret,
    cookie,
    api: (method, pathname, body, headers = {}) =>
      fetch(`${running.url}${pathname}`, {
        method,
        headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      }),
    async close({ keepData = false } = {}) {
      await running.close();
      if (!keepData) {
        await database?.drop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

/** Reads an SSE response into its events with parsed JSON data. */
export async function readEvents(response: Response): Promise<{ event: string; id: string | null; data: any }[]> {
  const { readSse } = await import('../../src/cli/sse.js');
  const events: { event: string; id: string | null; data: any }[] = [];
  for await (const e of readSse(response.body!)) events.push({ event: e.event, id: e.id, data: JSON.parse(e.data) });
  return events;
}
