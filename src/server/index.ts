export { startServer, CLI_TOKEN_FILE, type RunningServer } from './start-server.js';
export { createRuntime, isLoopback, type Runtime, type RuntimeOptions } from './runtime.js';
export { SETUP_HINT } from './local-setup.js';
