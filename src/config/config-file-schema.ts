import { z } from 'zod';

/** Provider kinds Redline can talk to. */
export const providerKinds = ['openai', 'openai-compatible', 'anthropic', 'google', 'ollama', 'local'] as const;
export type ProviderKind = (typeof providerKinds)[number];

const ms = z.number().int().positive();
const timeoutsSchema = z.object({ firstTokenMs: ms.optional(), idleMs: ms.optional(), totalMs: ms.optional() }).strict();

/** Several servers of one model, load-balanced (least outstanding requests per weight). */
const endpointSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/i).optional(),
    baseURL: z.string().url(),
    apiKey: z.string().optional(),
    weight: z.number().positive().optional(),
  })
  .strict();

/** The `resilience` section: every field optional, defaults in src/models/resilience/policy.ts. */
export const resilienceSchema = z
  .object({
    retry: z.object({ maxRetries: z.number().int().min(0).max(10).optional(), baseDelayMs: ms.optional(), maxDelayMs: ms.optional(), maxRetryAfterMs: z.number().int().min(0).optional() }).strict().optional(),
    timeouts: timeoutsSchema.optional(),
    breaker: z
      .object({
        failureThreshold: z.number().int().positive().optional(),
        failureRateThreshold: z.number().min(0).max(1).optional(),
        minimumCalls: z.number().int().positive().optional(),
        windowSize: z.number().int().positive().optional(),
        windowMs: ms.optional(),
        cooldownMs: ms.optional(),
        probeTimeoutMs: ms.optional(),
      })
      .strict()
      .optional(),
    hedge: z.object({ enabled: z.boolean().optional(), minSamples: z.number().int().min(0).optional(), floorMs: z.number().min(0).optional(), defaultMs: ms.optional(), quantile: z.number().min(0.5).max(0.999).optional() }).strict().optional(),
    continuation: z.object({ enabled: z.boolean().optional(), maxContinuations: z.number().int().min(0).max(5).optional() }).strict().optional(),
  })
  .strict();

/** The `cache` section: exact and semantic response caches (README "Caching"); defaults in load-config.ts. */
export const cacheSchema = z
  .object({
    enabled: z.boolean().optional(),
    ttlSeconds: z.number().int().positive().optional(),
    maxEntryBytes: z.number().int().positive().optional(),
    maxEntriesPerUser: z.number().int().positive().optional(),
    maxEntries: z.number().int().positive().optional(),
    semantic: z.object({ enabled: z.boolean().optional(), threshold: z.number().min(0).max(1).optional() }).strict().optional(),
  })
  .strict();

const aliasSchema = z.union([
  z.string().min(1),
  z.array(z.string().min(1)).min(1),
  z
    .object({
      /** The fallback chain: the first healthy model answers. */
      models: z.array(z.string().min(1)).min(1),
      /** Race the next model when the first token is late (p90 of recent first-token times). */
      hedge: z.boolean().optional(),
      /** Continue a broken stream on the same or the next model. */
      continuation: z.boolean().optional(),
    })
    .strict(),
]);

const providerSchema = z
  .object({
    kind: z.enum(providerKinds),
    /** Base URL of the API (OpenAI-compatible servers, Ollama, proxies). */
    baseURL: z.string().url().optional(),
    apiKey: z.string().optional(),
    /** Models to list when the provider cannot list its own (and for `local`: name → GGUF path or hf: URI). */
    models: z.union([z.array(z.string().min(1)), z.record(z.string(), z.string().min(1))]).optional(),
    headers: z.record(z.string(), z.string()).optional(),
    /** Per-provider clocks over the `resilience.timeouts` defaults (a local model may need longer). */
    timeouts: timeoutsSchema.optional(),
    /** Several servers of the same models (OpenAI-compatible kinds): load-balanced. */
    endpoints: z.array(endpointSchema).min(1).optional(),
  })
  .strict();

/** The `memory` section: long-term memory, embeddings and temporary chats. */
export const memorySchema = z
  .object({
    /** "provider:model" or an alias that extracts memories after turns; default: the model that answered. */
    extractionModel: z.string().min(1).optional(),
    /** "provider:model" of an embedding model on an openai, openai-compatible or ollama provider; "none" (default) = full-text search only. */
    embeddingModel: z.string().min(1).optional(),
    /** How long a turn waits for memory retrieval before answering without it. */
    recallTimeoutMs: z.number().int().min(0).max(10_000).optional(),
    /** Tokens of recalled memories and past-conversation excerpts per turn. */
    recallTokens: z.number().int().min(0).max(8000).optional(),
    /** A temporary chat idle this long is deleted. */
    temporaryChatTtlHours: z.number().positive().max(24 * 365).optional(),
  })
  .strict();

/**
 * One entry of `tools.mcp`: a Model Context Protocol server whose tools are offered as
 * `<serverId>__<toolName>`. Either a local server run over stdio or a remote one over HTTP:
 *
 * ```json
 * { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/srv/notes"], "env": { "TOKEN": "${NOTES_TOKEN}" }, "cwd": "." }
 * { "url": "https://mcp.example.com/mcp", "headers": { "authorization": "Bearer ${MCP_TOKEN}" } }
 * ```
 *
 * plus, on either: `enabled` (default true), `tools` (the server's tool names to offer; default all),
 * `disabledTools` (names to leave out) and `timeoutSeconds` (per call, default 30). A relative `cwd`
 * is resolved against the config file's folder; `env` is added to a minimal inherited environment (PATH, HOME, ...),
 * not the whole of Redline's. Streamable HTTP is tried first, then the older SSE transport.
 */
export const mcpServerSchema = z
  .object({
    command: z.string().min(1).optional(),
    args: z.array(z.string()).optional(),
    env: z.record(z.string(), z.string()).optional(),
    cwd: z.string().min(1).optional(),
    url: z.string().regex(/^https?:\/\/[^/]/i, 'must be an http:// or https:// URL').optional(),
    headers: z.record(z.string(), z.string()).optional(),
    enabled: z.boolean().optional(),
    tools: z.array(z.string().min(1)).optional(),
    disabledTools: z.array(z.string().min(1)).optional(),
    timeoutSeconds: z.number().positive().max(600).optional(),
  })
  .strict()
  .superRefine((entry, ctx) => {
    const stdio = entry.command !== undefined;
    const http = entry.url !== undefined;
    if (stdio === http) {
      ctx.addIssue({ code: 'custom', message: stdio ? 'give either "command" (a local server over stdio) or "url" (a remote server over HTTP), not both' : 'needs "command" (a local server over stdio) or "url" (a remote server over HTTP)' });
      return;
    }
    const misplaced = stdio ? (['headers'] as const).filter((k) => entry[k] !== undefined) : (['args', 'env', 'cwd'] as const).filter((k) => entry[k] !== undefined);
    for (const key of misplaced) ctx.addIssue({ code: 'custom', path: [key], message: stdio ? `"${key}" applies to a "url" server only` : `"${key}" applies to a "command" server only` });
  });

/** The `tools` section: what models may call in app turns. */
export const toolsSchema = z
  .object({
    enabled: z.boolean().optional(),
    /** Model calls per answer that may ask for tools (default 5). */
    maxSteps: z.number().int().min(1).max(20).optional(),
    /** Wall time of an answer's tool rounds (default 60 s). */
    totalSeconds: z.number().positive().max(600).optional(),
    /** Tools to leave out by name ("run_javascript", "search_past_chats", "calculator", "current_time", or an MCP tool's full name such as "github__create_issue"). */
    disabled: z.array(z.string().min(1)).optional(),
    sandbox: z.object({ timeoutMs: z.number().int().min(100).max(30_000).optional(), memoryMb: z.number().int().min(4).max(1024).optional() }).strict().optional(),
    /** fetch_url: private hosts the owner allows ("wiki.internal", "10.0.0.8:8080"); public addresses need no entry. */
    fetch: z.object({ allowHosts: z.array(z.string().min(1)).optional(), maxKb: z.number().int().min(16).max(20_000).optional(), timeoutSeconds: z.number().positive().max(60).optional() }).strict().optional(),
    /** MCP servers by id (letters, digits, - and _): their tools become `<id>__<tool>` (see mcpServerSchema). */
    mcp: z.record(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i, 'MCP server ids use letters, digits, - and _'), mcpServerSchema).optional(),
  })
  .strict();

/** The `documents` section: upload bounds and grounding. */
export const documentsSchema = z
  .object({
    /** Largest file accepted (default 20 MB). */
    maxFileMb: z.number().positive().max(512).optional(),
    /** Files per project and per conversation (default 200). */
    maxFilesPerProject: z.number().int().min(1).max(10_000).optional(),
    /** Passages per file (default 5,000); a longer file is refused, not half indexed. */
    maxChunksPerFile: z.number().int().min(10).max(100_000).optional(),
    /** Passages put in the prompt per turn (default 6). */
    passages: z.number().int().min(1).max(20).optional(),
    /** Strict mode answers only when a passage covers this share of the question's weighted terms (default 0.3). */
    strictMinSupport: z.number().min(0).max(1).optional(),
    /** The check after a grounded answer: the answering model as a judge (default), the lexical check, or off. */
    verify: z.enum(['judge', 'lexical', 'off']).optional(),
    judgeTimeoutSeconds: z.number().positive().max(120).optional(),
  })
  .strict();

/** The optional config file (`redline.config.json`): providers, aliases and the default model. */
export const configFileSchema = z
  .object({
    host: z.string().optional(),
    port: z.number().int().min(0).max(65535).optional(),
    providers: z.record(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i, 'provider ids use letters, digits, - and _'), providerSchema).optional(),
    /** alias → "provider:model" or a fallback chain of them (the first that answers wins). */
    aliases: z.record(z.string().min(1), aliasSchema).optional(),
    resilience: resilienceSchema.optional(),
    cache: cacheSchema.optional(),
    /** The `auto` model: simple turns go to `fast`, hard ones (code, math, multi-step, long context) to `strong`, math and proofs to `reasoning` when set. */
    router: z.object({ fast: z.string().min(1), strong: z.string().min(1), reasoning: z.string().min(1).optional() }).strict().optional(),
    defaultModel: z.string().min(1).optional(),
    /** Token budget of a prompt's history (default 24,000); older turns are compacted into a summary. */
    contextTokens: z.number().int().min(256).optional(),
    auth: z
      .object({
        /** On loopback the UI signs in as the owner without a password unless this is true. */
        requirePassword: z.boolean().optional(),
      })
      .strict()
      .optional(),
    limits: z
      .object({
        maxBodyBytes: z.number().int().positive().optional(),
        maxMessageChars: z.number().int().positive().optional(),
        /** Largest body POST /api/import accepts (ChatGPT exports are big). */
        maxImportBytes: z.number().int().positive().optional(),
      })
      .strict()
      .optional(),
    memory: memorySchema.optional(),
    tools: toolsSchema.optional(),
    documents: documentsSchema.optional(),
  })
  .strict();

export type ConfigFile = z.infer<typeof configFileSchema>;
export type ProviderFileEntry = z.infer<typeof providerSchema>;
export type ResilienceConfig = z.infer<typeof resilienceSchema>;
export type CacheFileEntry = z.infer<typeof cacheSchema>;
export type AliasEntry = z.infer<typeof aliasSchema>;
export type MemoryFileConfig = z.infer<typeof memorySchema>;
export type McpServerFileEntry = z.infer<typeof mcpServerSchema>;
