export { createApp } from './app.js';
export type { AppDeps, LocalSetupControl } from './context.js';
export { toHttpError, RequestError } from './errors.js';
export { relayFastPath } from './openai/relay-fast-path.js';
