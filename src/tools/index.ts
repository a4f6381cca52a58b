export { ToolRunner, type ToolCallRequest, type ToolRunnerOptions } from './tool-runner.js';
export { calculator } from './calculator.js';
export { currentTimeTool } from './current-time.js';
export { runJavascriptTool, runInSandbox, DEFAULT_SANDBOX_LIMITS, type SandboxLimits } from './run-javascript.js';
export { searchChatsTool, type ChatSearch, type ChatSearchHit } from './search-chats.js';
export { ToolInputError, ToolTimeoutError, type Tool, type ToolContext, type ToolOutput, type ToolCallRecord } from './types.js';
export { fetchUrlTool, fetchReadable, DEFAULT_FETCH_LIMITS, type FetchLimits, type FetchedPage } from './fetch-url.js';
export { NetworkPolicy, BlockedUrlError, type NetworkPolicyOptions } from './network-policy.js';
export { McpManager, McpConnectError, McpToolError, McpUnavailableError, type McpManagerOptions, type McpServerConfig, type McpServerStatus } from './mcp/index.js';
