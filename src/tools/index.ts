export { ToolRunner, type ToolCallRequest } from './tool-runner.js';
export { calculator } from './calculator.js';
export { currentTimeTool } from './current-time.js';
export { runJavascriptTool, runInSandbox, DEFAULT_SANDBOX_LIMITS, type SandboxLimits } from './run-javascript.js';
export { searchChatsTool, type ChatSearch, type ChatSearchHit } from './search-chats.js';
export { ToolInputError, ToolTimeoutError, type Tool, type ToolContext, type ToolOutput, type ToolCallRecord } from './types.js';
