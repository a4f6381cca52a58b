import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import envPaths from 'env-paths';
import { configFileSchema, type CacheFileEntry, type ConfigFile, type McpServerFileEntry } from './config-file-schema.js';
import type { AliasConfig, CacheConfig, Config, McpServerConfig, MemoryConfig, ProviderConfig } from './types.js';

/** Raised when the environment or the config file is invalid; the message says what to fix. */
export class ConfigError extends Error {
  readonly code = 'config_invalid';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const DEFAULT_OLLAMA_HOST = 'http://127.0.0.1:11434';

/** Reads env vars and the optional config file into one validated Config. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const dataDir = path.resolve(cwd, env.REDLINE_DATA_DIR || envPaths('redline', { suffix: '' }).data);
  const configPath = findConfigFile(env, cwd, dataDir);
  const file = configPath ? readConfigFile(configPath, env) : {};

  const providers = providersFromEnv(env);
  for (const [id, entry] of Object.entries(file.providers ?? {})) {
    const existing = providers.findIndex((p) => p.id === id);
    const provider: ProviderConfig = { id, ...entry };
    if (existing >= 0) providers[existing] = provider;
    else providers.push(provider);
  }

  const aliases: Record<string, AliasConfig> = {};
  for (const [alias, target] of Object.entries(file.aliases ?? {})) {
    aliases[alias] = typeof target === 'string' ? { models: [target] } : Array.isArray(target) ? { models: target } : target;
  }

  return {
    host: env.HOST || file.host || '127.0.0.1',
    port: parsePort(env.PORT, file.port ?? 8080),
    dataDir,
    databaseUrl: env.DATABASE_URL || null,
    providers,
    aliases,
    resilience: file.resilience ?? {},
    cache: cacheConfig(file.cache ?? {}, env),
    router: file.router ?? null,
    defaultModel: env.REDLINE_DEFAULT_MODEL || file.defaultModel || null,
    contextTokens: parseContextTokens(env.REDLINE_CONTEXT_TOKENS, file.contextTokens ?? 24_000),
    detectOllama: !env.OLLAMA_HOST && env.REDLINE_DETECT_OLLAMA !== '0',
    auth: {
      requirePassword: file.auth?.requirePassword ?? env.REDLINE_REQUIRE_PASSWORD === '1',
      ownerPassword: env.REDLINE_OWNER_PASSWORD || null,
    },
    limits: {
      maxBodyBytes: file.limits?.maxBodyBytes ?? 4 * 1024 * 1024,
      maxMessageChars: file.limits?.maxMessageChars ?? 200_000,
      maxImportBytes: file.limits?.maxImportBytes ?? 64 * 1024 * 1024,
    },
    memory: memoryConfig(env, file),
    documents: {
      maxFileBytes: Math.round((file.documents?.maxFileMb ?? 20) * 1024 * 1024),
      maxFilesPerScope: file.documents?.maxFilesPerProject ?? 200,
      maxChunksPerFile: file.documents?.maxChunksPerFile ?? 5000,
      passages: file.documents?.passages ?? 6,
      minSupport: file.documents?.strictMinSupport ?? 0.3,
      verify: file.documents?.verify ?? 'judge',
      judgeTimeoutMs: Math.round((file.documents?.judgeTimeoutSeconds ?? 10) * 1000),
    },
    tools: {
      enabled: env.REDLINE_TOOLS === '0' ? false : (file.tools?.enabled ?? true),
      maxSteps: file.tools?.maxSteps ?? 5,
      totalMs: (file.tools?.totalSeconds ?? 60) * 1000,
      disabled: file.tools?.disabled ?? [],
      sandbox: { timeoutMs: file.tools?.sandbox?.timeoutMs ?? 2000, memoryBytes: (file.tools?.sandbox?.memoryMb ?? 32) * 1024 * 1024 },
      fetch: { allowHosts: file.tools?.fetch?.allowHosts ?? [], maxBytes: (file.tools?.fetch?.maxKb ?? 2048) * 1024, timeoutMs: (file.tools?.fetch?.timeoutSeconds ?? 10) * 1000 },
      mcp: Object.entries(file.tools?.mcp ?? {}).map(([id, entry]) => mcpServerConfig(id, entry, configPath ? path.dirname(configPath) : cwd)),
    },
    logLevel: env.LOG_LEVEL || 'info',
    huggingFaceEndpoint: env.HF_ENDPOINT || null,
    configPath,
  };
}

/** REDLINE_MEMORY_MODEL and REDLINE_EMBEDDING_MODEL win over the file; "none" turns embeddings off. */
function memoryConfig(env: Env, file: ConfigFile): MemoryConfig {
  const embedding = env.REDLINE_EMBEDDING_MODEL || file.memory?.embeddingModel || null;
  return {
    extractionModel: env.REDLINE_MEMORY_MODEL || file.memory?.extractionModel || null,
    embeddingModel: embedding && embedding !== 'none' ? embedding : null,
    recallTimeoutMs: file.memory?.recallTimeoutMs ?? 300,
    recallTokens: file.memory?.recallTokens ?? 800,
    temporaryChatTtlHours: file.memory?.temporaryChatTtlHours ?? 24,
  };
}

/** One `tools.mcp` entry with its defaults; a relative `cwd` is relative to the config file's folder. */
function mcpServerConfig(id: string, entry: McpServerFileEntry, baseDir: string): McpServerConfig {
  // The schema guarantees exactly one of command and url.
  const transport: McpServerConfig['transport'] = entry.command
    ? { kind: 'stdio', command: entry.command, args: entry.args ?? [], env: entry.env ?? {}, cwd: entry.cwd ? path.resolve(baseDir, entry.cwd) : null }
    : { kind: 'http', url: entry.url ?? '', headers: entry.headers ?? {} };
  return { id, transport, enabled: entry.enabled ?? true, tools: entry.tools ?? null, disabledTools: entry.disabledTools ?? [], timeoutMs: Math.round((entry.timeoutSeconds ?? 30) * 1000) };
}

/** The cache section with its defaults; REDLINE_CACHE=0 turns both caches off. */
function cacheConfig(file: CacheFileEntry, env: Env): CacheConfig {
  return {
    enabled: env.REDLINE_CACHE === '0' ? false : (file.enabled ?? true),
    ttlMs: (file.ttlSeconds ?? 24 * 3600) * 1000,
    maxEntryBytes: file.maxEntryBytes ?? 256 * 1024,
    maxEntriesPerUser: file.maxEntriesPerUser ?? 1000,
    maxEntries: file.maxEntries ?? 100_000,
    semantic: { enabled: file.semantic?.enabled ?? true, threshold: file.semantic?.threshold ?? null },
  };
}

/** The Ollama address to probe when nothing else is configured. */
export const defaultOllamaHost = DEFAULT_OLLAMA_HOST;

function providersFromEnv(env: Env): ProviderConfig[] {
  const providers: ProviderConfig[] = [];
  if (env.OPENAI_API_KEY || env.OPENAI_BASE_URL) {
    providers.push({
      id: 'openai',
      // A base URL means a compatible server (vLLM, llama.cpp, LM Studio, OpenRouter...), spoken to in the plain chat-completions dialect.
      kind: env.OPENAI_BASE_URL ? 'openai-compatible' : 'openai',
      baseURL: env.OPENAI_BASE_URL || undefined,
      apiKey: env.OPENAI_API_KEY || undefined,
      models: env.OPENAI_MODELS ? splitList(env.OPENAI_MODELS) : undefined,
    });
  }
  if (env.ANTHROPIC_API_KEY) {
    providers.push({ id: 'anthropic', kind: 'anthropic', apiKey: env.ANTHROPIC_API_KEY, baseURL: env.ANTHROPIC_BASE_URL || undefined });
  }
  if (env.GOOGLE_GENERATIVE_AI_API_KEY) {
    providers.push({ id: 'google', kind: 'google', apiKey: env.GOOGLE_GENERATIVE_AI_API_KEY });
  }
  if (env.OLLAMA_HOST) {
    providers.push({ id: 'ollama', kind: 'ollama', baseURL: normalizeOllamaHost(env.OLLAMA_HOST) });
  }
  if (env.REDLINE_MODEL) {
    providers.push({ id: 'local', kind: 'local', models: { [localModelName(env.REDLINE_MODEL)]: env.REDLINE_MODEL } });
  }
  return providers;
}

/** OLLAMA_HOST may be "host:port" or a URL, as the Ollama CLI accepts. */
export function normalizeOllamaHost(value: string): string {
  const withScheme = /^https?:\/\//.test(value) ? value : `http://${value}`;
  return withScheme.replace(/\/+$/, '');
}

/** A short model name for a GGUF path or hf: URI ("/m/qwen2.5-1.5b-q4.gguf" → "qwen2.5-1.5b-q4"). */
export function localModelName(ref: string): string {
  const last = ref.split(/[/\\]/).pop() ?? ref;
  return last.replace(/\.gguf$/i, '').replace(/^hf:/, '').replace(/:/g, '-') || 'model';
}

function findConfigFile(env: Env, cwd: string, dataDir: string): string | null {
  if (env.REDLINE_CONFIG) {
    const explicit = path.resolve(cwd, env.REDLINE_CONFIG);
    if (!existsSync(explicit)) throw new ConfigError(`REDLINE_CONFIG points to ${explicit}, which does not exist.`);
    return explicit;
  }
  for (const candidate of [path.join(cwd, 'redline.config.json'), path.join(dataDir, 'config.json')]) {
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

function readConfigFile(file: string, env: Env): ConfigFile {
  let raw: unknown;
  try {
    // "${VAR}" in the file reads an env var, so secrets stay out of the file.
    const text = readFileSync(file, 'utf8').replace(/\$\{([A-Z0-9_]+)\}/g, (_, name: string) => JSON.stringify(env[name] ?? '').slice(1, -1));
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`Cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  const parsed = configFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid config file ${file}: ${issues}`);
  }
  return parsed.data;
}

function parsePort(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be an integer 0-65535, got "${value}".`);
  return port;
}

function parseContextTokens(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const tokens = Number(value);
  if (!Number.isInteger(tokens) || tokens < 256) throw new ConfigError(`REDLINE_CONTEXT_TOKENS must be an integer of at least 256, got "${value}".`);
  return tokens;
}

function splitList(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}
