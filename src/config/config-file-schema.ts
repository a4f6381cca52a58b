import { z } from 'zod';

/** Provider kinds Redline can talk to. */
export const providerKinds = ['openai', 'openai-compatible', 'anthropic', 'google', 'ollama', 'local'] as const;
export type ProviderKind = (typeof providerKinds)[number];

const providerSchema = z
  .object({
    kind: z.enum(providerKinds),
    /** Base URL of the API (OpenAI-compatible servers, Ollama, proxies). */
    baseURL: z.string().url().optional(),
    apiKey: z.string().optional(),
    /** Models to list when the provider cannot list its own (and for `local`: name → GGUF path or hf: URI). */
    models: z.union([z.array(z.string().min(1)), z.record(z.string(), z.string().min(1))]).optional(),
    headers: z.record(z.string(), z.string()).optional(),
  })
  .strict();

/** The optional config file (`redline.config.json`): providers, aliases and the default model. */
export const configFileSchema = z
  .object({
    host: z.string().optional(),
    port: z.number().int().min(0).max(65535).optional(),
    providers: z.record(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i, 'provider ids use letters, digits, - and _'), providerSchema).optional(),
    /** alias → "provider:model" or a fallback chain of them (the first that answers wins). */
    aliases: z.record(z.string().min(1), z.union([z.string().min(1), z.array(z.string().min(1)).min(1)])).optional(),
    defaultModel: z.string().min(1).optional(),
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
      })
      .strict()
      .optional(),
  })
  .strict();

export type ConfigFile = z.infer<typeof configFileSchema>;
export type ProviderFileEntry = z.infer<typeof providerSchema>;
