import type { ProviderKind, ResilienceConfig } from './config-file-schema.js';

/** An alias: a fallback chain of "provider:model" refs and how to run it. */
export interface AliasConfig {
  models: string[];
  hedge?: boolean;
  continuation?: boolean;
}

/** One configured provider, resolved from env vars and the config file. */
export interface ProviderConfig {
  id: string;
  kind: ProviderKind;
  baseURL?: string;
  apiKey?: string;
  /** Static model list; for `local`, name → GGUF path or hf: URI. */
  models?: string[] | Record<string, string>;
  headers?: Record<string, string>;
  timeouts?: { firstTokenMs?: number; idleMs?: number; totalMs?: number };
  endpoints?: { id?: string; baseURL: string; apiKey?: string; weight?: number }[];
  /** True when found by probing (Ollama on 127.0.0.1:11434), not configured. */
  autodetected?: boolean;
}

/** Long-term memory settings (the `memory` section and REDLINE_MEMORY_* env vars). */
export interface MemoryConfig {
  /** Model that extracts memories after turns; null = the model that answered the turn. */
  extractionModel: string | null;
  /** "provider:model" of an embedding model; null = full-text retrieval only. */
  embeddingModel: string | null;
  recallTimeoutMs: number;
  recallTokens: number;
  temporaryChatTtlHours: number;
}

/** How to reach an MCP server: a child process over stdio, or a URL (streamable HTTP, else SSE). */
export type McpTransportConfig =
  | { kind: 'stdio'; command: string; args: string[]; env: Record<string, string>; cwd: string | null }
  | { kind: 'http'; url: string; headers: Record<string, string> };

/** One MCP server of `tools.mcp`, with its defaults applied. */
export interface McpServerConfig {
  id: string;
  transport: McpTransportConfig;
  enabled: boolean;
  /** The server's tool names to offer; null = all of them. */
  tools: string[] | null;
  disabledTools: string[];
  /** Longest one call may take. */
  timeoutMs: number;
}

/** Tools offered in app turns (the `tools` section; REDLINE_TOOLS=0 turns them off). */
export interface ToolsConfig {
  enabled: boolean;
  maxSteps: number;
  totalMs: number;
  disabled: string[];
  sandbox: { timeoutMs: number; memoryBytes: number };
  fetch: { allowHosts: string[]; maxBytes: number; timeoutMs: number };
  /** MCP servers whose tools are offered as `<id>__<tool>`. */
  mcp: McpServerConfig[];
}

/** Files: upload bounds and how answers are grounded in them (the `documents` section). */
export interface DocumentsConfig {
  maxFileBytes: number;
  maxFilesPerScope: number;
  maxChunksPerFile: number;
  passages: number;
  minSupport: number;
  verify: 'judge' | 'lexical' | 'off';
  judgeTimeoutMs: number;
}

/** Response cache bounds and switches; `semantic.threshold` null means the active embedder's calibrated default. */
export interface CacheConfig {
  enabled: boolean;
  ttlMs: number;
  maxEntryBytes: number;
  maxEntriesPerUser: number;
  maxEntries: number;
  semantic: { enabled: boolean; threshold: number | null };
}

/** Everything Redline reads from its environment, validated once at start-up. */
export interface Config {
  host: string;
  port: number;
  dataDir: string;
  /** A Postgres server; null = embedded PGlite in dataDir. */
  databaseUrl: string | null;
  providers: ProviderConfig[];
  aliases: Record<string, AliasConfig>;
  /** Retry, timeout, circuit-breaker, hedging and continuation policy (defaults when empty). */
  resilience: ResilienceConfig;
  /** Exact and semantic response caches. */
  cache: CacheConfig;
  /** Targets of the `auto` model (aliases or "provider:model"), or null when `auto` is not offered. */
  router: { fast: string; strong: string; reasoning?: string } | null;
  defaultModel: string | null;
  /** Token budget of a prompt's history; past it, older turns are compacted into a rolling summary. */
  contextTokens: number;
  /** Probe Ollama on its default address when OLLAMA_HOST is not set. */
  detectOllama: boolean;
  auth: { requirePassword: boolean; ownerPassword: string | null };
  limits: { maxBodyBytes: number; maxMessageChars: number; maxImportBytes: number };
  /** Long-term memory: extraction and embedding models, recall budget, temporary chats. */
  memory: MemoryConfig;
  tools: ToolsConfig;
  documents: DocumentsConfig;
  logLevel: string;
  /** Hugging Face endpoint or mirror for hf: model URIs (HF_ENDPOINT), null for huggingface.co. */
  huggingFaceEndpoint: string | null;
  /** Where the config file was read from, if any. */
  configPath: string | null;
}
