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
  /** Targets of the `auto` model (aliases or "provider:model"), or null when `auto` is not offered. */
  router: { fast: string; strong: string; reasoning?: string } | null;
  defaultModel: string | null;
  /** Probe Ollama on its default address when OLLAMA_HOST is not set. */
  detectOllama: boolean;
  auth: { requirePassword: boolean; ownerPassword: string | null };
  limits: { maxBodyBytes: number; maxMessageChars: number };
  logLevel: string;
  /** Hugging Face endpoint or mirror for hf: model URIs (HF_ENDPOINT), null for huggingface.co. */
  huggingFaceEndpoint: string | null;
  /** Where the config file was read from, if any. */
  configPath: string | null;
}
