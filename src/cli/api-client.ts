import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/index.js';
import { readServerLock } from '../db/index.js';
import { CLI_TOKEN_FILE, createRuntime, type Runtime } from '../server/index.js';

/** Raised when the API answers with an error; `message` is the server's readable message. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The app API as the CLI sees it: over HTTP to a running server, or in-process when none runs. */
export interface ApiClient {
  /** "http://127.0.0.1:8080" or "in-process". */
  readonly target: string;
  request(method: string, pathname: string, body?: unknown): Promise<Response>;
  json<T>(method: string, pathname: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

/**
 * Finds the server through the lock file in the data dir and uses the owner session it left there;
 * with no server running, opens the store itself and calls the same app in-process.
 */
export async function connectApi(config: Config, options: { runJobs?: boolean } = {}): Promise<ApiClient> {
  const lock = readServerLock(config.dataDir);
  const tokenFile = path.join(config.dataDir, CLI_TOKEN_FILE);
  if (lock && lock.url !== 'starting' && existsSync(tokenFile)) {
    const token = readFileSync(tokenFile, 'utf8').trim();
    return makeClient(lock.url, (input, init) => fetch(`${lock.url}${input}`, withCookie(init, token)), async () => undefined);
  }
  // A one-shot command leaves queued jobs for the server: it should exit at once, not work through a backlog.
  const runtime: Runtime = await createRuntime(config, { logger: (await import('pino')).default({ level: 'silent' }), webDir: null, runJobs: options.runJobs ?? false });
  const session = await runtime.users.createSession(runtime.owner.id);
  return makeClient(
    'in-process',
    async (input, init) => runtime.app.fetch(new Request(`http://localhost${input}`, withCookie(init, session.token))),
    async () => {
      await runtime.users.deleteSession(session.token);
      await runtime.close();
    },
  );
}

function withCookie(init: RequestInit, token: string): RequestInit {
  return { ...init, headers: { ...(init.headers as Record<string, string>), cookie: `redline_session=${token}` } };
}

function makeClient(target: string, send: (path: string, init: RequestInit) => Promise<Response>, close: () => Promise<void>): ApiClient {
  const request = (method: string, pathname: string, body?: unknown) =>
    send(pathname, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return {
    target,
    request,
    async json<T>(method: string, pathname: string, body?: unknown): Promise<T> {
      const response = await request(method, pathname, body);
      if (!response.ok) throw await apiError(response);
      return (await response.json()) as T;
    },
    close,
  };
}

/** Reads an error response into an ApiError with the server's message. */
export async function apiError(response: Response): Promise<ApiError> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { error?: { message?: string; code?: string } };
    return new ApiError(body.error?.message ?? text, response.status, body.error?.code ?? 'error');
  } catch {
    return new ApiError(text || response.statusText, response.status, 'error');
  }
}
