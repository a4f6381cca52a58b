// Feeds the dataset through the code paths the app uses for a turn: the conversation store commits the
// user's message and the answer (startTurn, finishMessage); a memory command is run by
// MemoryService.handleCommand (rules consolidation, no model), and its reply is the answer.
import { randomUUID } from 'node:crypto';
import { ConversationStore } from '../../src/chat/index.js';
import { schema, type Db } from '../../src/db/index.js';
import type { CommandOutcome, MemoryService } from '../../src/memory/index.js';
import type { EvalUser } from './generate.js';

export interface IngestedUser {
  userId: string;
  /** Message ids of each episodic mention: the user's message and the answer. */
  eventMessages: Map<string, { userMessageId: string; assistantMessageId: string }>;
}

export interface IngestStats {
  users: number;
  conversations: number;
  messages: number;
  commands: number;
  /** Commands the parser did not take as commands (a dataset or parser bug: they would reach the model). */
  unrecognized: string[];
  /** What consolidation did with the "remember" commands, and how many forget requests removed something. */
  outcomes: Record<'add' | 'update' | 'delete' | 'none' | 'forgot' | 'forgot-nothing', number>;
}

export const emptyStats = (): IngestStats => ({
  users: 0,
  conversations: 0,
  messages: 0,
  commands: 0,
  unrecognized: [],
  outcomes: { add: 0, update: 0, delete: 0, none: 0, forgot: 0, 'forgot-nothing': 0 },
});

/** Ingests one simulated user: a users row (written directly; accounts are not under test), then every turn in order. */
export async function ingestUser(deps: { db: Db; memory: MemoryService }, user: EvalUser, stats: IngestStats): Promise<IngestedUser> {
  const { db, memory } = deps;
  const conversationStore = new ConversationStore(db);
  const userId = randomUUID();
  await db.insert(schema.users).values({ id: userId, email: `${user.name}-${userId}@eval.invalid`, name: user.name, role: 'user' });
  const eventMessages = new Map<string, { userMessageId: string; assistantMessageId: string }>();
  for (const conv of user.conversations) {
    let conversation = await conversationStore.create(userId, { title: conv.title });
    let parentId: string | null = null;
    for (const turn of conv.turns) {
      const started = await conversationStore.startTurn({ userId, conversation, user: { content: turn.user, parentId }, assistantParentId: null, model: 'eval:none' });
      conversation = started.conversation;
      const userMessageId = started.userMessage!.id;
      let content = turn.assistant ?? '';
      let metadata: Record<string, unknown> | undefined;
      if (turn.assistant === null) {
        stats.commands++;
        const outcome = await memory.handleCommand(userId, turn.user, { source: { messageId: userMessageId, conversationId: conversation.id } });
        if (!outcome?.handled) stats.unrecognized.push(turn.user);
        if (outcome) {
          count(stats, outcome);
          content = outcome.reply;
          metadata = { memoryCommand: outcome.command };
        }
      }
      await conversationStore.finishMessage(userId, started.assistantMessage.id, { status: 'complete', content, metadata });
      if (turn.tag?.startsWith('event:')) eventMessages.set(turn.tag.slice('event:'.length), { userMessageId, assistantMessageId: started.assistantMessage.id });
      parentId = started.assistantMessage.id;
      stats.messages += 2;
    }
    stats.conversations++;
  }
  stats.users++;
  return { userId, eventMessages };
}

function count(stats: IngestStats, outcome: CommandOutcome): void {
  if (outcome.command === 'forget') {
    stats.outcomes[outcome.removed.length ? 'forgot' : 'forgot-nothing']++;
    return;
  }
  if (outcome.command !== 'remember') return;
  if (outcome.saved.length && outcome.removed.length) stats.outcomes.update++;
  else if (outcome.saved.length) stats.outcomes.add++;
  else if (outcome.removed.length) stats.outcomes.delete++;
  else stats.outcomes.none++;
}
