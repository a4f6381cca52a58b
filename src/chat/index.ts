export { ChatService, StopRequested, type ChatServiceOptions, type StartedTurn } from './chat-service.js';
export { ConversationStore, DEFAULT_TITLE, titleFrom, isId } from './conversation-store.js';
export { StreamRegistry, ActiveStream } from './stream-registry.js';
export { buildPrompt, threadTo, SYSTEM_PROMPT } from './build-prompt.js';
export { CompactionService, COMPACTION_JOB_KIND, SUMMARIZER_MARKER, type CompactionServiceOptions, type CompactionBudgets, type ThreadSummary } from './compaction/index.js';
export { describeModelError } from './describe-model-error.js';
export { NotFoundError, ChatInputError, type Conversation, type Message, type ThreadMessage, type TurnEvent, type ToolCallView } from './types.js';
export { TurnTools, type ToolBudget } from './turn-tools.js';
