import type { Logger } from 'pino';
import type { Tool } from '../types.js';
import { McpConnection } from './mcp-connection.js';
import type { McpServerConfig, McpServerStatus } from './types.js';

export interface McpManagerOptions {
  servers: McpServerConfig[];
  logger: Logger;
  /** Bound on one connection attempt: spawn or reach the server, and the handshake (default 10 s). */
  connectTimeoutMs?: number;
  /** Backoff between attempts at a server that is down (default 1 s doubling to 5 min). */
  retry?: { baseMs: number; maxMs: number };
}

/**
 * The owner's MCP servers, as a live list of tools: each enabled tool of each connected server,
 * named `<serverId>__<toolName>`. A server that is down offers nothing and is retried; one that
 * changes its tools is re-listed.
 *
 * @example
 * const mcp = new McpManager({ servers: config.tools.mcp, logger });
 * await mcp.start({ waitMs: 3000 });
 * const runner = new ToolRunner(builtIns, { extraTools: () => mcp.tools() });
 */
export class McpManager {
  private readonly connections: McpConnection[];

  constructor(options: McpManagerOptions) {
    const enabled = options.servers.filter((server) => server.enabled);
    this.connections = enabled.map(
      (server) =>
        new McpConnection({
          server,
          logger: options.logger.child({ mcpServer: server.id }),
          connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
          retry: options.retry ?? { baseMs: 1000, maxMs: 5 * 60_000 },
        }),
    );
  }

  /** Starts connecting every server; resolves when all have connected or failed, or after `waitMs`, whichever is first. */
  async start({ waitMs }: { waitMs: number }): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(this.connections.map((c) => c.connect())),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, waitMs);
        timer.unref();
      }),
    ]);
    clearTimeout(timer);
  }

  /** The tools offered now, across servers. */
  tools(): Tool[] {
    return this.connections.flatMap((c) => c.tools());
  }

  status(): McpServerStatus[] {
    return this.connections.map((c) => c.status());
  }

  /** Closes every client and ends every server process this manager started. */
  async close(): Promise<void> {
    await Promise.all(this.connections.map((c) => c.close()));
  }
}
