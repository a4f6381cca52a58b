import type { Logger } from 'pino';
import { DEFAULT_SETTINGS, renderPersonalSection, type MemoryService, type PersonalizationSettings, type TurnRecall } from '../memory/index.js';
import { SYSTEM_PROMPT } from './build-prompt.js';
import type { Conversation } from './types.js';

/** What memory adds to one turn: the system prompt with the personal section, and what to record on the answer. */
export interface PersonalContext {
  system: string;
  /** `memories` and `episodes` for the answer's metadata (empty object when none were used). */
  metadata: Record<string, unknown>;
  /** Recalled memories to stamp as used once the answer is out (see TurnRecall.stale). */
  stale: string[];
}

/** A turn's recall: started early, awaited just before the model call. Never rejects. */
export type PendingContext = Promise<PersonalContext>;

const noContext: PersonalContext = { system: SYSTEM_PROMPT, metadata: {}, stale: [] };

/**
 * Starts everything memory contributes to a turn, in parallel: the user's settings (custom
 * instructions, style rules) and the retrieval of memories and past conversations. Retrieval gets
 * `timeoutMs`: when it is slower, the turn answers without it rather than delay the first token.
 * The instructions are never dropped for that: they are one primary-key read.
 */
export function startPersonalContext(
  memory: MemoryService,
  input: { userId: string; conversation: Conversation; query: string; timeoutMs: number; logger: Pick<Logger, 'warn'> },
): PendingContext {
  const { userId, conversation, logger } = input;
  const read = memory.getSettings(userId);
  const settings = read.catch((error: unknown) => {
    logger.warn({ err: error }, 'could not read personalization settings; answering without them');
    return { ...DEFAULT_SETTINGS, styleRules: [] } as PersonalizationSettings;
  });
  // Recall uses the same read; without it (the read failed) nothing is recalled: the switches are unknown.
  const recall = conversation.temporary || !input.query.trim() ? Promise.resolve(null) : read.then((s) => recallWithin(memory, { ...input, settings: s }), () => null);
  return Promise.all([settings, recall]).then(([s, r]) => {
    const section = renderPersonalSection({
      settings: s,
      conversationInstructions: conversation.instructions,
      memories: r?.memories ?? [],
      episodes: r?.episodes ?? [],
    });
    const metadata: Record<string, unknown> = {};
    if (r?.memories.length) metadata.memories = r.memories.map(({ id, kind, content }) => ({ id, kind, content }));
    if (r?.episodes.length) metadata.episodes = r.episodes.map(({ conversationId, messageId, conversationTitle }) => ({ conversationId, messageId, conversationTitle }));
    return { system: section ? `${SYSTEM_PROMPT}\n\n${section}` : SYSTEM_PROMPT, metadata, stale: r?.stale ?? [] };
  }, () => noContext);
}

function recallWithin(memory: MemoryService, input: { userId: string; conversation: Conversation; query: string; timeoutMs: number; logger: Pick<Logger, 'warn'>; settings: PersonalizationSettings }): Promise<TurnRecall | null> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => {
      input.logger.warn({ timeoutMs: input.timeoutMs, conversationId: input.conversation.id }, 'memory recall was slower than its budget; answering without it');
      abort.abort(new Error('Memory recall timed out.'));
      resolve(null);
    }, input.timeoutMs);
  });
  const recall = memory
    .recallForTurn(input.userId, { query: input.query, conversationId: input.conversation.id, temporary: input.conversation.temporary, signal: abort.signal, settings: input.settings })
    .catch((error: unknown) => {
      if (!abort.signal.aborted) input.logger.warn({ err: error }, 'memory recall failed; answering without it');
      return null;
    });
  return Promise.race([recall, timeout]).finally(() => clearTimeout(timer));
}
