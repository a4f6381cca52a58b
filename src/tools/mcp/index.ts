export { McpManager, type McpManagerOptions } from './mcp-manager.js';
export { McpConnectError, McpToolError, McpUnavailableError, type McpServerConfig, type McpServerState, type McpServerStatus } from './types.js';
