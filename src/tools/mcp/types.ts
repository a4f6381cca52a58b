import type { ToolsConfig } from '../../config/index.js';

/** One configured MCP server (`tools.mcp` in the config file, defaults applied). */
export type McpServerConfig = ToolsConfig['mcp'][number];

/** Where a server stands: `idle` before the first connect, `down` while waiting to retry. */
export type McpServerState = 'idle' | 'connecting' | 'ready' | 'down' | 'closed';

/** What the manager reports about one server (logs, tests, a future status page). */
export interface McpServerStatus {
  id: string;
  state: McpServerState;
  /** Names of the tools it offers now, as the model sees them. */
  tools: string[];
  /** Why it is down, when it is. */
  error: string | null;
}

/** A server could not be started or did not complete the MCP handshake. */
export class McpConnectError extends Error {
  readonly code = 'mcp_connect';
  readonly retryable = true;
  constructor(
    readonly server: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`MCP server "${server}" did not connect: ${message}`, options);
    this.name = 'McpConnectError';
  }
}

/** A tool was called while its server is not connected (it went away after the tool was offered). */
export class McpUnavailableError extends Error {
  readonly code = 'mcp_unavailable';
  readonly retryable = true;
  constructor(
    readonly server: string,
    readonly tool: string,
    options?: { cause?: unknown },
  ) {
    super(`The MCP server "${server}" behind ${tool} is not connected right now; try again later or answer without it.`, options);
    this.name = 'McpUnavailableError';
  }
}

/** The server ran the tool and reported a failure (`isError`): its text is the message, for the model to read. */
export class McpToolError extends Error {
  readonly code = 'mcp_tool_error';
  constructor(
    readonly server: string,
    readonly tool: string,
    message: string,
  ) {
    super(message);
    this.name = 'McpToolError';
  }
}
