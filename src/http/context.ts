import type { DocumentsService } from '../documents/index.js';
import type { Logger } from 'pino';
import type { ChatService, ConversationStore } from '../chat/index.js';
import type { MemoryService } from '../memory/index.js';
import type { BreakerRegistry, LocalSetup, ModelRegistry } from '../models/index.js';
import type { Metrics } from '../observability/index.js';
import type { User, UserService } from '../users/index.js';

/** Start and watch the recommended local model's download. */
export interface LocalSetupControl {
  status(): LocalSetup;
  start(): LocalSetup;
}

/** What the HTTP app needs, built by the composition root. */
export interface AppDeps {
  users: UserService;
  chat: ChatService;
  store: ConversationStore;
  /** Long-term memory, personalization, episodic search, import and export. */
  memory: MemoryService;
  /** Projects, their files and conversations' attachments. */
  documents: DocumentsService;
  models: ModelRegistry;
  localSetup: LocalSetupControl;
  metrics: Metrics;
  /** Provider health, for /healthz. */
  breakers: BreakerRegistry;
  logger: Logger;
  /** Loopback bind and no password required: the owner signs in with one click. */
  passwordless: boolean;
  limits: { maxBodyBytes: number; maxMessageChars: number; maxImportBytes: number };
  /** Built web UI to serve at /, or null. */
  webDir: string | null;
}

/** Hono's typed per-request context. */
export type AppEnv = { Variables: { user: User; requestId: string } };
