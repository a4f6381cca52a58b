export { openDatabase, type Database, type Db, type OpenDatabaseOptions } from './connect.js';
export { acquireDataDirLock, readServerLock, DataDirLockedError, type ServerLock } from './data-dir-lock.js';
export * as schema from './schema.js';
export type { UserRow, ConversationRow, MessageRow, ApiKeyRow, MessageStatus, ProjectRow, DocumentRow, DocumentStatus } from './schema.js';
