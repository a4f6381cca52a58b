import { sql } from 'drizzle-orm';
import { boolean, customType, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ['owner', 'user'] }).notNull(),
    passwordHash: text('password_hash'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('users_email_idx').on(sql`lower(${t.email})`)],
);

export const sessions = pgTable(
  'sessions',
  {
    /** sha256 of the cookie token: a stolen database does not yield live sessions. */
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** First characters of the secret, shown in lists so a user can tell keys apart. */
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [uniqueIndex('api_keys_hash_idx').on(t.keyHash), index('api_keys_user_idx').on(t.userId)],
);

export const conversations = pgTable(
  'conversations',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    model: text('model'),
    currentLeafId: uuid('current_leaf_id'),
    /** A temporary chat reads and writes no memory, is hidden from lists and search, and is purged after it goes idle. */
    temporary: boolean('temporary').notNull().default(false),
    /** Per-conversation custom instructions; null means "use the user's". */
    instructions: text('instructions'),
    /** The project the conversation belongs to: its documents ground the answers. */
    projectId: uuid('project_id').references(() => projects.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('conversations_user_updated_idx').on(t.userId, t.updatedAt), index('conversations_project_idx').on(t.userId, t.projectId)],
);

export const messageStatuses = ['complete', 'streaming', 'stopped', 'interrupted', 'failed'] as const;
export type MessageStatus = (typeof messageStatuses)[number];

export const messages = pgTable(
  'messages',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id').notNull().references(() => conversations.id, { onDelete: 'cascade' }),
    /** Messages form a tree: edit and regenerate add siblings instead of overwriting. */
    parentId: uuid('parent_id'),
    role: text('role', { enum: ['system', 'user', 'assistant'] }).notNull(),
    content: text('content').notNull(),
    status: text('status', { enum: messageStatuses }).notNull(),
    model: text('model'),
    error: jsonb('error').$type<{ message: string; code: string } | null>(),
    usage: jsonb('usage').$type<{ inputTokens: number | null; outputTokens: number | null } | null>(),
    metadata: jsonb('metadata').$type<Record<string, unknown>>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    contentTsv: tsvector('content_tsv').generatedAlwaysAs(sql`to_tsvector('simple', content)`),
  },
  (t) => [
    index('messages_conversation_idx').on(t.userId, t.conversationId, t.createdAt),
    index('messages_status_idx').on(t.status),
    index('messages_tsv_idx').using('gin', t.contentTsv),
  ],
);

export type UserRow = typeof users.$inferSelect;
export type ConversationRow = typeof conversations.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
export type ApiKeyRow = typeof apiKeys.$inferSelect;


// ─── Durable background jobs (src/jobs) ───────────────────────────────────────

export const jobStatuses = ['queued', 'running', 'done', 'failed'] as const;
export type JobStatus = (typeof jobStatuses)[number];

export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    payload: jsonb('payload').$type<unknown>().notNull(),
    status: text('status', { enum: jobStatuses }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    runAfter: timestamp('run_after', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** The lease: a running job whose lease has passed belongs to a dead worker and is claimed again. */
    lockedUntil: timestamp('locked_until', { withTimezone: true, mode: 'date' }),
    lastError: text('last_error'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('jobs_due_idx').on(t.status, t.runAfter), index('jobs_user_idx').on(t.userId, t.createdAt)],
);

// ─── Long-term memory and personalization (src/memory) ────────────────────────

export const memoryKinds = ['fact', 'preference', 'goal', 'relationship'] as const;
export type MemoryKind = (typeof memoryKinds)[number];
export const memoryStatuses = ['active', 'superseded', 'deleted'] as const;
export type MemoryStatus = (typeof memoryStatuses)[number];

export const memories = pgTable(
  'memories',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: memoryKinds }).notNull(),
    content: text('content').notNull(),
    status: text('status', { enum: memoryStatuses }).notNull().default('active'),
    /** The memory this one replaced (kept as history with status `superseded`). */
    supersedesId: uuid('supersedes_id'),
    /** "Why do you know this?": the message the memory came from, if it still exists. */
    sourceMessageId: uuid('source_message_id').references(() => messages.id, { onDelete: 'set null' }),
    sourceConversationId: uuid('source_conversation_id').references(() => conversations.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
    /** Exact cosine search works on real[] everywhere; pgvector, where present, casts it to vector. */
    embedding: real('embedding').array(),
    embeddingModel: text('embedding_model'),
    contentTsv: tsvector('content_tsv').generatedAlwaysAs(sql`to_tsvector('simple', content)`),
  },
  (t) => [
    index('memories_user_status_idx').on(t.userId, t.status, t.createdAt),
    index('memories_tsv_idx').using('gin', t.contentTsv),
    index('memories_supersedes_idx').on(t.userId, t.supersedesId),
  ],
);

/** Per-user personalization: switches, custom instructions and the style profile's rules. */
export const personalizationSettings = pgTable('personalization_settings', {
  userId: uuid('user_id').primaryKey().references(() => users.id, { onDelete: 'cascade' }),
  memoryEnabled: boolean('memory_enabled').notNull().default(true),
  chatHistoryEnabled: boolean('chat_history_enabled').notNull().default(true),
  aboutUser: text('about_user').notNull().default(''),
  responseStyle: text('response_style').notNull().default(''),
  styleRules: jsonb('style_rules').$type<string[]>().notNull().default([]),
  updatedAt: updatedAt(),
});

/** Vectors of past messages for episodic search, written in the background when an embedding model is configured. */
export const messageEmbeddings = pgTable(
  'message_embeddings',
  {
    messageId: uuid('message_id').primaryKey().references(() => messages.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    embedding: real('embedding').array().notNull(),
    embeddingModel: text('embedding_model').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('message_embeddings_user_idx').on(t.userId, t.embeddingModel)],
);

/** Which exported conversations a user has imported already, so importing a file twice adds nothing. */
export const importedConversations = pgTable(
  'imported_conversations',
  {
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    source: text('source', { enum: ['chatgpt', 'redline'] }).notNull(),
    sourceId: text('source_id').notNull(),
    conversationId: uuid('conversation_id').notNull().references(() => conversations.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.source, t.sourceId] })],
);

export type JobRow = typeof jobs.$inferSelect;
export type MemoryRow = typeof memories.$inferSelect;
export type PersonalizationSettingsRow = typeof personalizationSettings.$inferSelect;

// ─── Context compaction (src/chat) ────────────────────────────────────────────

/**
 * A rolling summary of a thread's older turns, from the root through `throughMessageId`. Messages form a
 * tree, so a summary serves every branch that passes through that message.
 */
export const conversationSummaries = pgTable(
  'conversation_summaries',
  {
    throughMessageId: uuid('through_message_id').primaryKey().references(() => messages.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id').notNull().references(() => conversations.id, { onDelete: 'cascade' }),
    content: text('content').notNull(),
    /** Tokens of `content`, counted with the same tokenizer as the prompt budget. */
    tokens: integer('tokens').notNull(),
    /** How many thread messages (root first) the summary replaces. */
    messageCount: integer('message_count').notNull(),
    model: text('model'),
    createdAt: createdAt(),
  },
  (t) => [index('conversation_summaries_conv_idx').on(t.userId, t.conversationId)],
);

// ─── Response cache (src/models/cache) ────────────────────────────────────────

export const cacheKinds = ['exact', 'semantic'] as const;

/** Cached answers. Entries are per user; `shared` entries (an explicit hint) are visible to every user. */
export const responseCache = pgTable(
  'response_cache',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    shared: boolean('shared').notNull().default(false),
    kind: text('kind', { enum: cacheKinds }).notNull(),
    /** sha256 of the normalized request (exact), or of the normalized question (semantic). */
    key: text('key').notNull(),
    model: text('model').notNull(),
    /** The stand-alone question, for semantic entries. */
    question: text('question'),
    embedding: real('embedding').array(),
    embeddingModel: text('embedding_model'),
    /** What the model produced: text, finish reason, usage (and tool calls for exact entries). */
    response: jsonb('response').$type<unknown>().notNull(),
    bytes: integer('bytes').notNull(),
    hits: integer('hits').notNull().default(0),
    createdAt: createdAt(),
    lastHitAt: timestamp('last_hit_at', { withTimezone: true, mode: 'date' }),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    uniqueIndex('response_cache_key_idx').on(t.userId, t.kind, t.key),
    index('response_cache_shared_idx').on(t.kind, t.key, t.shared),
    index('response_cache_semantic_idx').on(t.userId, t.kind, t.model),
    index('response_cache_expires_idx').on(t.expiresAt),
  ],
);

export type ConversationSummaryRow = typeof conversationSummaries.$inferSelect;
export type ResponseCacheRow = typeof responseCache.$inferSelect;

// ─── Projects and documents (src/documents) ──────────────────────────────────

/** A user's group of conversations and files; answers in its conversations are grounded in its files. */
export const projects = pgTable(
  'projects',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** Instructions for every conversation of the project (added to the user's own). */
    instructions: text('instructions'),
    /** Strict: say "not in the documents" when retrieval finds no support, instead of answering from memory. */
    strict: boolean('strict').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('projects_user_idx').on(t.userId, t.updatedAt)],
);

export const documentStatuses = ['indexing', 'ready', 'failed'] as const;
export type DocumentStatus = (typeof documentStatuses)[number];

/** An uploaded file: in a project, or attached to one conversation. Its passages are `document_chunks`. */
export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id').references(() => projects.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id').references(() => conversations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    mediaType: text('media_type'),
    format: text('format'),
    sizeBytes: integer('size_bytes').notNull(),
    status: text('status', { enum: documentStatuses }).notNull(),
    /** 0..1 while indexing (parse, chunk, embed). */
    progress: real('progress').notNull().default(0),
    error: jsonb('error').$type<{ message: string; code: string }>(),
    chunkCount: integer('chunk_count').notNull().default(0),
    pageCount: integer('page_count'),
    tokenCount: integer('token_count').notNull().default(0),
    embeddingModel: text('embedding_model'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('documents_user_project_idx').on(t.userId, t.projectId), index('documents_user_conversation_idx').on(t.userId, t.conversationId)],
);

/** A passage of a document, cut along its structure (heading, page), searchable by words and, with an embedder, by meaning. */
export const documentChunks = pgTable(
  'document_chunks',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    documentId: uuid('document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
    /** Copied from the document, so a search scopes by one index without a join. */
    projectId: uuid('project_id'),
    conversationId: uuid('conversation_id'),
    ordinal: integer('ordinal').notNull(),
    /** The document's title and file name, searched with every passage (questions name the document). */
    title: text('title').notNull(),
    heading: text('heading'),
    page: integer('page'),
    text: text('text').notNull(),
    tokens: integer('tokens').notNull(),
    embedding: real('embedding').array(),
    /** English stemming and stop words: documents are prose, unlike the 'simple' config of chat search. */
    textTsv: tsvector('text_tsv').generatedAlwaysAs(sql`to_tsvector('english', title || ' ' || coalesce(heading, '') || ' ' || text)`),
  },
  (t) => [
    index('document_chunks_tsv_idx').using('gin', t.textTsv),
    index('document_chunks_document_idx').on(t.userId, t.documentId, t.ordinal),
    index('document_chunks_project_idx').on(t.userId, t.projectId),
    index('document_chunks_conversation_idx').on(t.userId, t.conversationId),
  ],
);

export type ProjectRow = typeof projects.$inferSelect;
export type DocumentRow = typeof documents.$inferSelect;
export type DocumentChunkRow = typeof documentChunks.$inferSelect;
