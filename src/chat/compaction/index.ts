export { CompactionService, type CompactionServiceOptions } from './compaction-service.js';
export { planCompaction, overTrigger, historyTokens, type CompactionStep } from './compaction-plan.js';
export { historyAfter, deepestOnThread, summaryBlock } from './thread-history.js';
export { summarizerPrompt, SUMMARIZER_MARKER } from './summarizer-prompt.js';
export { summarizeStep, EmptySummaryError } from './summarize.js';
export { SummaryStore } from './summary-store.js';
export { messageTokens, textTokens, isPromptable, truncateTokens, MESSAGE_OVERHEAD_TOKENS } from './token-count.js';
export {
  COMPACTION_JOB_KIND,
  DEFAULT_COMPACTION_BUDGETS,
  type ThreadSummary,
  type CompactionBudgets,
  type CompactJobPayload,
  type TurnCompaction,
  type CompactionJobRegistrar,
  type SummaryModelResolver,
} from './types.js';
