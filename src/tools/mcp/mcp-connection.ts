import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ErrorCode, McpError, ToolListChangedNotificationSchema, type Tool as McpToolDefinition } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from 'pino';
import type { Tool } from '../types.js';
import { resultText } from './call-result.js';
import { connectClient } from './connect-client.js';
import { mcpTool } from './mcp-tool.js';
import { toolName } from './tool-names.js';
import { McpToolError, McpUnavailableError, type McpServerConfig, type McpServerState, type McpServerStatus } from './types.js';

/** A server that misbehaves with more pages than this is cut off (a cursor that never ends). */
const MAX_LIST_PAGES = 50;
/** Up this long, a server that then goes away is retried from the shortest backoff again. */
const STABLE_MS = 30_000;

export interface McpConnectionOptions {
  server: McpServerConfig;
  /** Already bound to the server. */
  logger: Logger;
  connectTimeoutMs: number;
  retry: { baseMs: number; maxMs: number };
}

/**
 * One configured server: connects, lists and offers its enabled tools, follows changes to the list,
 * and after a failure or a lost connection retries with exponential backoff (on a timer, and on the
 * next use once the backoff is over). While it is not connected it offers no tools.
 */
export class McpConnection {
  private state: McpServerState = 'idle';
  private client: Client | null = null;
  private offered: Tool[] = [];
  private connecting: Promise<void> | null = null;
  private refreshing: Promise<void> | null = null;
  private refreshAgain = false;
  private failures = 0;
  private retryAt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private lastError: string | null = null;
  private connectedAt = 0;
  /** Abandons the attempt in flight when the connection is closed meanwhile. */
  private readonly shutdown = new AbortController();

  constructor(private readonly options: McpConnectionOptions) {}

  get id(): string {
    return this.options.server.id;
  }

  status(): McpServerStatus {
    return { id: this.id, state: this.state, tools: this.offered.map((t) => t.name), error: this.lastError };
  }

  /** The tools offered now; asks a server that is due for a retry to connect (it offers them from a later turn). */
  tools(): readonly Tool[] {
    if (this.state === 'idle' || (this.state === 'down' && Date.now() >= this.retryAt)) void this.connect();
    return this.state === 'ready' ? this.offered : [];
  }

  /** Connects unless connected or closed; resolves once this attempt is over, whatever its outcome (failures are logged). */
  connect(): Promise<void> {
    if (this.state === 'ready' || this.state === 'closed') return Promise.resolve();
    return (this.connecting ??= this.open().finally(() => (this.connecting = null)));
  }

  /** Closes the client (a stdio server's process is ended) and stops retrying. */
  async close(): Promise<void> {
    this.state = 'closed';
    clearTimeout(this.retryTimer);
    this.shutdown.abort(new Error('Redline is shutting down'));
    await this.connecting;
    const client = this.client;
    this.client = null;
    this.offered = [];
    await client?.close();
  }

  private isClosed(): boolean {
    return this.state === 'closed';
  }

  private async open(): Promise<void> {
    const { server, logger, connectTimeoutMs } = this.options;
    clearTimeout(this.retryTimer);
    this.state = 'connecting';
    let client: Client | null = null;
    let tools: Tool[];
    try {
      client = await connectClient({ server, logger, timeoutMs: connectTimeoutMs, signal: this.shutdown.signal });
      // Set before the first listing so a change made meanwhile is not missed.
      client.setNotificationHandler(ToolListChangedNotificationSchema, () => this.refresh());
      tools = this.isClosed() ? [] : await this.listTools(client, this.shutdown.signal);
    } catch (error) {
      await client?.close().catch(() => undefined);
      this.fail(error);
      return;
    }
    if (this.isClosed()) {
      await client.close();
      return;
    }
    const connected = client;
    connected.onclose = () => this.lost(connected);
    this.client = connected;
    this.offered = tools;
    this.state = 'ready';
    this.lastError = null;
    this.connectedAt = Date.now();
    logger.info({ tools: tools.map((t) => t.name) }, 'MCP server connected');
  }

  private fail(error: unknown): void {
    if (this.isClosed()) return;
    this.failures += 1;
    const delay = Math.min(this.options.retry.baseMs * 2 ** (this.failures - 1), this.options.retry.maxMs);
    this.state = 'down';
    this.lastError = error instanceof Error ? error.message : String(error);
    this.retryAt = Date.now() + delay;
    this.retryTimer = setTimeout(() => void this.connect(), delay);
    this.retryTimer.unref();
    this.options.logger.warn({ err: error, retryInMs: delay }, 'MCP server unavailable; its tools are not offered until it connects');
  }

  /** The transport closed on its own (the process exited, the HTTP session ended). */
  private lost(client: Client): void {
    if (this.client !== client || this.isClosed()) return;
    this.client = null;
    this.offered = [];
    if (Date.now() - this.connectedAt >= STABLE_MS) this.failures = 0;
    this.fail(new Error('the connection closed'));
  }

  /** Re-lists after `notifications/tools/list_changed`; a change during a listing lists again after it. */
  private refresh(): void {
    if (this.refreshing) {
      this.refreshAgain = true;
      return;
    }
    this.refreshing = (async () => {
      do {
        this.refreshAgain = false;
        const client = this.client;
        if (!client) return;
        try {
          const tools = await this.listTools(client);
          if (this.client !== client) return;
          this.offered = tools;
          this.options.logger.info({ tools: tools.map((t) => t.name) }, 'MCP server changed its tools');
        } catch (error) {
          this.options.logger.warn({ err: error }, 'MCP server changed its tools but listing them failed; the previous list stays');
        }
      } while (this.refreshAgain);
    })().finally(() => (this.refreshing = null));
  }

  /** All pages of the server's tools, less the ones the config leaves out, as Redline tools. */
  private async listTools(client: Client, signal?: AbortSignal): Promise<Tool[]> {
    const { server, logger, connectTimeoutMs } = this.options;
    const listed: McpToolDefinition[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_LIST_PAGES; page++) {
      const result = await client.listTools(cursor === undefined ? undefined : { cursor }, { timeout: connectTimeoutMs, signal });
      listed.push(...result.tools);
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    if (cursor) logger.warn({ pages: MAX_LIST_PAGES }, 'MCP server lists more pages of tools than are read; the rest are not offered');

    const allow = server.tools === null ? null : new Set(server.tools);
    const missing = server.tools?.filter((name) => !listed.some((t) => t.name === name)) ?? [];
    if (missing.length) logger.warn({ missing }, 'tools named in the allow-list are not on the MCP server');
    const taken = new Set<string>();
    const tools: Tool[] = [];
    for (const definition of listed) {
      if (allow && !allow.has(definition.name)) continue;
      if (server.disabledTools.includes(definition.name)) continue;
      // callTool refuses task-only tools; they would fail every call.
      if (definition.execution?.taskSupport === 'required') continue;
      const name = toolName(server.id, definition.name, taken);
      taken.add(name);
      tools.push(mcpTool({ name, serverId: server.id, definition, timeoutMs: server.timeoutMs, call: (input) => this.call({ ...input, exposed: name }) }));
    }
    return tools;
  }

  private async call({ tool, args, signal, exposed }: { tool: string; args: Record<string, unknown>; signal: AbortSignal; exposed: string }): Promise<string> {
    const client = this.client;
    if (!client || this.state !== 'ready') throw new McpUnavailableError(this.id, exposed);
    let result: Awaited<ReturnType<Client['callTool']>>;
    try {
      // A second longer than the tool's own deadline: the runner's timeout, with its clearer message, comes first.
      result = await client.callTool({ name: tool, arguments: args }, undefined, { signal, timeout: this.options.server.timeoutMs + 1000 });
    } catch (error) {
      if (error instanceof McpError && error.code === Number(ErrorCode.ConnectionClosed)) throw new McpUnavailableError(this.id, exposed, { cause: error });
      throw error;
    }
    const text = resultText(result);
    if (result.isError === true) throw new McpToolError(this.id, tool, text || `The tool ${tool} failed without saying why.`);
    return text;
  }
}
