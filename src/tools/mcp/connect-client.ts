import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Logger } from 'pino';
import { McpConnectError, type McpServerConfig } from './types.js';

const CLIENT_INFO = { name: 'redline', version: '1.0.0' };
/** Lines of a child's stderr kept to explain a failed start ("Cannot find module ..."). */
const STDERR_TAIL_LINES = 20;

export interface ConnectOptions {
  server: McpServerConfig;
  /** Already bound to the server (`logger.child({ mcpServer })`). */
  logger: Logger;
  /** Bound on starting the transport and the initialize handshake. */
  timeoutMs: number;
  /** Abandons the attempt (shutdown): the transport is closed and any child process ended. */
  signal: AbortSignal;
}

/**
 * Connects a fresh client to one server: spawns it over stdio, or speaks streamable HTTP to its URL
 * and, when that fails, the older HTTP+SSE transport (servers still on the 2024-11-05 protocol).
 */
export async function connectClient(options: ConnectOptions): Promise<Client> {
  const { server, logger } = options;
  const { transport } = server;
  switch (transport.kind) {
    case 'stdio':
      return connectStdio(transport, options);
    case 'http': {
      const url = new URL(transport.url);
      const requestInit = { headers: transport.headers };
      try {
        return await connectWithin(new StreamableHTTPClientTransport(url, { requestInit }), options);
      } catch (streamable) {
        if (options.signal.aborted) throw streamable;
        logger.debug({ err: streamable }, 'streamable HTTP failed; trying the SSE transport');
        try {
          return await connectWithin(new SSEClientTransport(url, { requestInit }), options);
        } catch (sse) {
          throw new McpConnectError(server.id, `streamable HTTP: ${message(streamable)}; SSE: ${message(sse)}`, { cause: sse });
        }
      }
    }
  }
}

type StdioSpec = Extract<McpServerConfig['transport'], { kind: 'stdio' }>;

async function connectStdio({ command, args, env, cwd }: StdioSpec, options: ConnectOptions): Promise<Client> {
  const { server, logger } = options;
  const transport = new StdioClientTransport({ command, args, env, cwd: cwd ?? undefined, stderr: 'pipe' });
  // The child's stderr is its log: kept at debug, and its tail explains a start that fails.
  const tail: string[] = [];
  let partial = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines.filter((l) => l.trim())) {
      logger.debug(line);
      tail.push(line);
      if (tail.length > STDERR_TAIL_LINES) tail.shift();
    }
  });
  try {
    return await connectWithin(transport, options);
  } catch (error) {
    const stderr = [...tail, partial].filter((l) => l.trim()).join('\n');
    throw new McpConnectError(server.id, `${command} ${args.join(' ')}: ${message(error)}${stderr ? `\n${stderr.slice(-2000)}` : ''}`, { cause: error });
  }
}

/** `client.connect` bounded in time and abortable; on failure the transport (and any child process) is closed. */
async function connectWithin(transport: Transport, { timeoutMs, signal }: { timeoutMs: number; signal: AbortSignal }): Promise<Client> {
  const client = new Client(CLIENT_INFO, { capabilities: {} });
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  try {
    // The request timeout covers the handshake; the race also covers a transport that never starts.
    await Promise.race([
      client.connect(transport, { timeout: timeoutMs, signal }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        onAbort = () => reject(signal.reason instanceof Error ? signal.reason : new Error('connection abandoned'));
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      }),
    ]);
    return client;
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
