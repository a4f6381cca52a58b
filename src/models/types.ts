import type { LanguageModelV3 } from '@ai-sdk/provider';
import type { ProviderKind } from '../config/index.js';

/** A model as the pickers and GET /v1/models show it. */
export interface ModelInfo {
  /** "provider:model", or an alias name. */
  id: string;
  provider: string;
  name: string;
  kind: ProviderKind | 'alias';
}

/** A model ref resolved to something that can be called. */
export interface ResolvedModel {
  /** The id the caller asked for (alias or "provider:model"). */
  id: string;
  /** The concrete "provider:model" that will answer. */
  ref: string;
  provider: string;
  kind: ProviderKind;
  model: LanguageModelV3;
}

/** Status of the recommended local model, for the onboarding card and the CLI. */
export interface LocalSetup {
  needed: boolean;
  state: 'idle' | 'downloading' | 'ready' | 'failed';
  model: string;
  uri: string;
  downloadedBytes: number;
  totalBytes: number;
  error: string | null;
  hint: string;
}
