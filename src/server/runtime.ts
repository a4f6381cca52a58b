import type { RequestListener } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino, { type Logger } from 'pino';
import { DocumentsService } from '../documents/index.js';
import { ChatService, CompactionService, ConversationStore, StreamRegistry, TurnTools } from '../chat/index.js';
import { defaultOllamaHost, type Config } from '../config/index.js';
import { openDatabase, type Database } from '../db/index.js';
import { createApp, relayFastPath, type AppDeps } from '../http/index.js';
import { JobQueue } from '../jobs/index.js';
import { searchDocumentsTool, calculator, currentTimeTool, DEFAULT_FETCH_LIMITS, fetchUrlTool, McpManager, NetworkPolicy, runJavascriptTool, searchChatsTool, ToolRunner, type Tool } from '../tools/index.js';
import { embedderFromModel, MemoryService, type Embedder } from '../memory/index.js';
import { BreakerRegistry, createLocalEngine, DEFAULT_SEMANTIC_THRESHOLD, hashedEmbedder, LatencyRegistry, ModelRegistry, PgCacheStore, probeOllama, RECOMMENDED_MODEL, type LocalEngine } from '../models/index.js';
import { Metrics } from '../observability/index.js';
import { UserService, type User } from '../users/index.js';
import { createLocalSetupControl, recommendedProvider } from './local-setup.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface RuntimeOptions {
  logger?: Logger;
  /** Serve this built UI folder (default: web/dist of the package). */
  webDir?: string | null;
  /** In-memory PGlite instead of a data-dir store (tests). */
  inMemory?: boolean;
  /** Passed to the local engine; tests use false. */
  gpu?: 'auto' | false;
  /** Work through background jobs and housekeeping in this process (default true; one-shot CLI commands pass false). */
  runJobs?: boolean;
}

/** Everything a running Redline holds; built once at start-up (the composition root). */
export interface Runtime {
  config: Config;
  database: Database;
  users: UserService;
  store: ConversationStore;
  chat: ChatService;
  models: ModelRegistry;
  streams: StreamRegistry;
  memory: MemoryService;
  jobs: JobQueue;
  metrics: Metrics;
  breakers: BreakerRegistry;
  owner: User;
  app: ReturnType<typeof createApp>;
  /** Puts the /v1 relay's fast path in front of the app's Node listener. */
  relayFastPath: (app: RequestListener) => RequestListener;
  logger: Logger;
  /** Set when the server generated the owner's password on a non-loopback bind: print it once. */
  generatedOwnerPassword: string | null;
  close(): Promise<void>;
}

export const isLoopback = (host: string) => host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);

/** Opens the store, recovers from a crash, finds the models and builds the app. */
export async function createRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const logger = options.logger ?? pino({ level: config.logLevel });
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    pgliteDir: options.inMemory ? null : path.join(config.dataDir, 'db'),
    onConnectionError: (error) => logger.warn({ err: error }, 'the database server dropped an idle connection; it is replaced on the next query'),
  });
  const users = new UserService(database.db);
  // Threads and conversation rows are cached in memory only where this process is the store's one writer.
  const store = new ConversationStore(database.db, { singleWriter: database.singleWriter });
  const streams = new StreamRegistry();

  const interrupted = await store.markInterrupted();
  if (interrupted > 0) logger.warn({ count: interrupted }, 'answers cut off by the last shutdown are marked interrupted');

  let engine: LocalEngine | null = null;
  const localEngine = () => (engine ??= createLocalEngine({ modelsDir: path.join(config.dataDir, 'models'), gpu: options.gpu ?? 'auto', logger, huggingFaceEndpoint: config.huggingFaceEndpoint ?? undefined }));
  const metrics = new Metrics();
  const breakers = new BreakerRegistry({ events: metrics.resilienceEvents });
  const models = new ModelRegistry({
    providers: config.providers,
    aliases: config.aliases,
    defaultModel: config.defaultModel,
    localEngine,
    router: config.router,
    onRoute: (e) => metrics.routed(e),
    resilience: { policy: config.resilience, breakers, latency: new LatencyRegistry(), events: metrics.resilienceEvents },
    // The built-in hashed embedder: its threshold is calibrated (docs/decisions/006-response-cache.md); a configured one would need its own.
    cache: {
      store: new PgCacheStore(database.db, config.cache),
      settings: { ...config.cache, semantic: { enabled: config.cache.semantic.enabled, threshold: config.cache.semantic.threshold ?? DEFAULT_SEMANTIC_THRESHOLD } },
      embedder: hashedEmbedder,
      events: { ...metrics.cacheEvents, onError: (e) => logger.warn({ err: e.error, op: e.op }, 'response cache unavailable for this call') },
    },
  });
  await discoverDefaultModels({ config, models, engine: localEngine, logger });

  const owner = await users.ensureOwner();
  const passwordless = isLoopback(config.host) && !config.auth.requirePassword;
  const generatedOwnerPassword = await ensureOwnerPassword({ users, owner, config, passwordless });

  // Background work (memory extraction, vectors, summaries) is durable: a Postgres table, claimed with SKIP LOCKED.
  // Jobs give way to answers still waiting for their first token (their queries would land in front of it).
  const jobs = new JobQueue({ db: database.db, logger, singleWriter: database.singleWriter, foreground: streams });
  const resolveModel = (id: string | null) => {
    if (!id) return null;
    try {
      return models.resolve(id).model;
    } catch {
      return null;
    }
  };
  const memory = new MemoryService({
    db: database.db,
    hasVector: database.hasVector,
    singleWriter: database.singleWriter,
    afterBulkWrite: () => database.refreshStatistics(),
    jobs,
    embedder: memoryEmbedder(config, models),
    resolveModel,
    logger,
    budgets: { recallTokens: config.memory.recallTokens },
  });
  memory.registerJobs(jobs);
  const documents = new DocumentsService({
    db: database.db,
    hasVector: database.hasVector,
    embedder: memoryEmbedder(config, models),
    limits: { maxFileBytes: config.documents.maxFileBytes, maxDocumentsPerScope: config.documents.maxFilesPerScope, maxChunksPerDocument: config.documents.maxChunksPerFile },
    grounding: { passages: config.documents.passages, minSupport: config.documents.minSupport, verify: config.documents.verify, judgeTimeoutMs: config.documents.judgeTimeoutMs },
    logger,
    projectRemoved: (projectId) => store.projectRemoved(projectId),
    singleWriter: database.singleWriter,
  });
  // Files a stopped process was indexing cannot be finished (their bytes were in memory): say so on them.
  if (options.runJobs ?? true) await documents.store.failInterrupted(new Date());
  const compaction = new CompactionService({
    db: database.db,
    store,
    jobs,
    resolveModel,
    // Summaries are never on the critical path, but a small model still makes them cheap.
    summaryModel: config.router?.fast ?? null,
    budgets: { historyTokens: config.contextTokens },
    logger,
  });
  compaction.registerJobs(jobs);
  const runJobs = options.runJobs ?? true;
  // The owner's MCP servers connect in the background; start-up waits a bounded moment so the first turns have their tools.
  // One-shot CLI commands do not spawn them: a server not started connects when a turn first asks for tools.
  const mcp = config.tools.enabled && config.tools.mcp.some((s) => s.enabled) ? new McpManager({ servers: config.tools.mcp, logger }) : null;
  if (mcp && runJobs) await mcp.start({ waitMs: MCP_START_WAIT_MS });
  const chat = new ChatService({
    store,
    models,
    streams,
    logger,
    contextTokens: config.contextTokens,
    memory: { service: memory, recallTimeoutMs: config.memory.recallTimeoutMs, extractionModel: config.memory.extractionModel },
    compaction,
    tools: turnTools({ config, memory, mcp, documents, store }),
    documents,
  });
  const maintenance = runJobs ? startMaintenance({ store, jobs, database, logger, temporaryChatTtlHours: config.memory.temporaryChatTtlHours }) : undefined;
  if (runJobs) jobs.start();
  const deps: AppDeps = {
    users,
    chat,
    store,
    memory,
    documents,
    models,
    localSetup: createLocalSetupControl(models, localEngine),
    metrics,
    breakers,
    logger,
    passwordless,
    limits: config.limits,
    webDir: options.webDir === undefined ? path.join(repoRoot, 'web', 'dist') : options.webDir,
  };

  return {
    config,
    database,
    users,
    store,
    chat,
    models,
    streams,
    memory,
    jobs,
    metrics,
    breakers,
    owner,
    app: createApp(deps),
    relayFastPath: relayFastPath(deps),
    logger,
    generatedOwnerPassword,
    async close() {
      maintenance?.stop();
      streams.abortAll('Server shutting down.');
      // Running jobs get a moment to finish; the rest are retried after their lease by the next start.
      await jobs.stop({ timeoutMs: 5000 });
      await mcp?.close();
      await engine?.dispose();
      await database.close();
    },
  };
}

/** With nothing configured: Ollama if it answers, else the recommended local model if it is already downloaded. */
async function discoverDefaultModels({ config, models, engine, logger }: { config: Config; models: ModelRegistry; engine: () => LocalEngine; logger: Logger }): Promise<void> {
  if (models.hasProviders()) return;
  if (config.detectOllama && (await probeOllama(defaultOllamaHost, 300))) {
    models.addProvider({ id: 'ollama', kind: 'ollama', baseURL: defaultOllamaHost, autodetected: true });
    logger.info({ host: defaultOllamaHost }, 'using Ollama');
    return;
  }
  if (engine().setup().state === 'ready') {
    models.addProvider(recommendedProvider(await engine().ensureModel(RECOMMENDED_MODEL.uri)));
  }
}

/** Off loopback a password is required: take REDLINE_OWNER_PASSWORD, or generate one to print once. */
async function ensureOwnerPassword({ users, owner, config, passwordless }: { users: UserService; owner: User; config: Config; passwordless: boolean }): Promise<string | null> {
  if (config.auth.ownerPassword && !owner.hasPassword) {
    await users.setPassword(owner.id, { newPassword: config.auth.ownerPassword });
    return null;
  }
  if (passwordless || owner.hasPassword) return null;
  const generated = (await import('node:crypto')).randomBytes(12).toString('base64url');
  await users.setPassword(owner.id, { newPassword: generated });
  return generated;
}

/** The configured embedding model for memory search, or null (full-text only). Fails start-up when it names no usable provider. */
function memoryEmbedder(config: Config, models: ModelRegistry): Embedder | null {
  const ref = config.memory.embeddingModel;
  return ref ? embedderFromModel(models.embeddingModel(ref), ref) : null;
}

/**
 * Hourly housekeeping: idle temporary chats are deleted, finished jobs older than a week are pruned,
 * and the embedded store is vacuumed and analyzed (it has no autovacuum).
 */
function startMaintenance(input: { store: ConversationStore; jobs: JobQueue; database: Database; logger: Logger; temporaryChatTtlHours: number }): { stop(): void } {
  const run = async () => {
    const purged = await input.store.purgeIdleTemporary(new Date(Date.now() - input.temporaryChatTtlHours * 3600_000));
    if (purged > 0) input.logger.info({ count: purged }, 'deleted idle temporary chats');
    await input.jobs.prune(new Date(Date.now() - 7 * 24 * 3600_000));
    await input.database.maintain();
  };
  const tick = () => void run().catch((error: unknown) => input.logger.warn({ err: error }, 'housekeeping failed; it runs again in an hour'));
  // First a minute after start, off the start-up path (VACUUM holds the embedded store while it runs), then hourly.
  const first = setTimeout(tick, 60_000);
  first.unref();
  const timer = setInterval(tick, 3600_000);
  timer.unref();
  return { stop: () => (clearTimeout(first), clearInterval(timer)) };
}

/** The longest start-up waits for MCP servers to connect; slower ones join later turns once they do. */
const MCP_START_WAIT_MS = 3000;

/** The built-in tools of app turns and the MCP servers' tools, less the ones the config turns off; null when tools are off. */
function turnTools({ config, memory, mcp, documents, store }: { config: Config; memory: MemoryService; mcp: McpManager | null; documents: DocumentsService; store: ConversationStore }): TurnTools | null {
  if (!config.tools.enabled) return null;
  const all: Tool[] = [
    calculator,
    currentTimeTool(),
    runJavascriptTool({ ...config.tools.sandbox, maxOutputChars: 8000 }),
    // The user's own past chats only: the search is scoped by the id the turn runs for.
    searchChatsTool(({ userId, query, k, excludeConversationId }) => memory.searchMessages(userId, query, { k, excludeConversationId })),
    // The conversation's project files and attachments, or all the user's files in a chat without any.
    searchDocumentsTool(async ({ userId, conversationId, query, k }) => {
      const conversation = conversationId ? await store.get(userId, conversationId) : null;
      const scope = conversation && (conversation.projectId || (await documents.store.hasPassages(userId, { projectId: null, conversationId: conversation.id })))
        ? { projectId: conversation.projectId, conversationId: conversation.id }
        : { projectId: null, conversationId: null, all: true };
      return documents.find(userId, scope, { question: query, k });
    }),
    fetchUrlTool({ policy: new NetworkPolicy({ allowHosts: config.tools.fetch.allowHosts }), limits: { ...DEFAULT_FETCH_LIMITS, maxBytes: config.tools.fetch.maxBytes, timeoutMs: config.tools.fetch.timeoutMs } }),
  ];
  const enabled = (tool: Tool) => !config.tools.disabled.includes(tool.name);
  const tools = all.filter(enabled);
  if (!tools.length && !mcp) return null;
  // MCP tools are read at each use: servers connect, go away and change their lists while the process runs.
  const runner = new ToolRunner(tools, mcp ? { extraTools: () => mcp.tools().filter(enabled) } : {});
  return new TurnTools(runner, { maxSteps: config.tools.maxSteps, totalMs: config.tools.totalMs });
}
