export { chunkDocument } from './chunk-document.js';
export type { Chunk, ChunkOptions } from './types.js';
