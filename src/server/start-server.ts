import { writeFileSync } from 'node:fs';
import { createServer, type RequestListener } from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Config } from '../config/index.js';
import { acquireDataDirLock } from '../db/index.js';
import { createRuntime, type Runtime, type RuntimeOptions } from './runtime.js';

export interface RunningServer {
  url: string;
  runtime: Runtime;
  server: ServerType;
  close(): Promise<void>;
}

/** File in the data dir holding an owner session for CLI commands on this machine (mode 0600). */
export const CLI_TOKEN_FILE = 'cli-token';

/** Starts Redline: takes the data dir, builds the runtime, listens, and leaves a lock file for the CLI. */
export async function startServer(config: Config, options: RuntimeOptions = {}): Promise<RunningServer> {
  // The lock guards PGlite's single-process data dir; a Postgres server needs no lock but the CLI still finds us by it.
  let release = acquireDataDirLock(config.dataDir, 'starting');
  let runtime: Runtime | null = null;
  try {
    runtime = await createRuntime(config, options);
    const rt = runtime;
    const server = await listen(rt, config);
    const { port } = server.address() as AddressInfo;
    const shownHost = config.host.includes(':') ? `[${config.host}]` : config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
    const url = `http://${shownHost}:${port}`;
    release();
    release = acquireDataDirLock(config.dataDir, url);
    const session = await rt.users.createSession(rt.owner.id);
    writeFileSync(path.join(config.dataDir, CLI_TOKEN_FILE), session.token, { mode: 0o600 });

    let closing: Promise<void> | null = null;
    return {
      url,
      runtime: rt,
      server,
      close: () =>
        (closing ??= (async () => {
          await new Promise<void>((resolve) => {
            server.close(() => resolve());
            // Open SSE streams would keep close() waiting forever.
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
          });
          await rt.close();
          release();
        })()),
    };
  } catch (error) {
    await runtime?.close().catch(() => undefined);
    release();
    throw error;
  }
}

function listen(runtime: Runtime, config: Config): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve(
      {
        fetch: runtime.app.fetch,
        hostname: config.host,
        port: config.port,
        // Relayed /v1 streams are served before the app (src/http/openai/relay-fast-path.ts).
        createServer: ((options: object, listener: RequestListener) => createServer(options, runtime.relayFastPath(listener))) as typeof createServer,
      },
      () => resolve(server),
    );
    server.once('error', reject);
  });
}
