import type * as NodeLlamaCpp from 'node-llama-cpp';

/**
 * node-llama-cpp, imported on first use: loading its code costs about 50 MB of memory, which a
 * server with no local model should not pay.
 */
let loading: Promise<typeof NodeLlamaCpp> | null = null;

export const llamaModule = (): Promise<typeof NodeLlamaCpp> => (loading ??= import('node-llama-cpp'));
