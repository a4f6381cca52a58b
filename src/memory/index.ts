export { MemoryService, type MemoryServiceOptions, type MemoryBudgets, type TurnRecall, type MemoryExport } from './memory-service.js';
export { type CommandOutcome } from './memory-commands.js';
export { parseMemoryCommand, classifyMemory, type MemoryCommand } from './explicit-commands.js';
export { MemoryStore } from './memory-store.js';
export { styleCues, styleRule, learnStyle, editCues } from './style-profile.js';
export { SettingsStore, DEFAULT_SETTINGS, SETTINGS_LIMITS, type SettingsPatch } from './settings-store.js';
export { MemoryRetriever, type RetrieverOptions, type SearchOptions } from './memory-retriever.js';
export { MemoryConsolidator, decideByRules, decideWithModel, type Decision, type ConsolidateOptions } from './memory-consolidator.js';
export { extractMemories, budgetExchange, truncateTokens, withoutPastedDocuments, type ExtractionOptions } from './memory-extractor.js';
export { renderPersonalSection, renderInstructions, renderRecall, type InstructionsInput, type RecallInput } from './prompt-section.js';
export { embedderFromModel, cosineSimilarity } from './vectors.js';
export { parseExport, importConversations, type ParsedExport } from './import/import-conversations.js';
export { parseChatGptExport } from './import/chatgpt-export.js';
export { parseRedlineExport, buildRedlineExport, redlineExportSchema, type RedlineExport } from './import/redline-export.js';
export { ImportFormatError, type ImportResult, type ImportedConversation, type ImportedMessage } from './import/types.js';
export {
  MEMORY_KINDS,
  MEMORY_JOB_KINDS,
  UnusableModelOutputError,
  MemoryInputError,
  type Memory,
  type MemoryKind,
  type MemoryStatus,
  type MemorySource,
  type ScoredMemory,
  type EpisodeHit,
  type PersonalizationSettings,
  type Embedder,
  type ExtractJobPayload,
  type EmbedJobPayload,
  type MemoryProposal,
  type ConsolidationOutcome,
  type MemoryJobEnqueuer,
  type MemoryJobRegistrar,
} from './types.js';
export { generateStructured, type StructuredRequest, type StructuredResult } from './structured-output.js';
export { contentStems } from './text-match.js';
