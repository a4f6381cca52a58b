import type { MemoryCommand } from './explicit-commands.js';
import { keyWords, factSubject } from './fact-subject.js';
import type { MemoryConsolidator } from './memory-consolidator.js';
import type { MemoryRetriever } from './memory-retriever.js';
import type { MemoryStore } from './memory-store.js';
import { memoryToSecondPerson } from './rephrase.js';
import { coverage, prefixQuery, trigramSimilarity } from './text-match.js';
import type { Memory, MemorySource, PersonalizationSettings } from './types.js';

/** What an explicit command did, and what the chat should answer. */
export interface CommandOutcome {
  command: MemoryCommand['type'];
  /** True: answer with `reply` instead of calling the model. False: nothing matched; let the model answer. */
  handled: boolean;
  reply: string;
  /** Memories written (added or updated). */
  saved: Memory[];
  /** Memories removed (forgotten, or deleted as no longer true). */
  removed: Memory[];
  /** Memories listed. */
  listed: Memory[];
}

/** A forget matches a memory when this share of its topic words is in it (prefix-aware). */
const FORGET_THRESHOLD = 0.6;
/** …and takes every other memory that scores nearly as well ("forget my cat": every cat memory). */
const FORGET_MARGIN = 0.15;
const LIST_LIMIT = 50;

export interface CommandContext {
  settings: PersonalizationSettings;
  source: MemorySource;
  temporary: boolean;
}

/** Runs explicit memory commands against the store, with the consolidation rules (no model needed). */
export class MemoryCommands {
  constructor(private readonly deps: { store: MemoryStore; retriever: MemoryRetriever; consolidator: MemoryConsolidator }) {}

  async run(userId: string, command: MemoryCommand, context: CommandContext): Promise<CommandOutcome> {
    const outcome = (reply: string, extra: Partial<CommandOutcome> = {}): CommandOutcome => ({ command: command.type, handled: true, reply, saved: [], removed: [], listed: [], ...extra });
    if (context.temporary) return outcome("This is a temporary chat: I don't read or change my memory here. Ask me again in a regular chat.");
    switch (command.type) {
      case 'remember':
        return this.remember(userId, { command, context, outcome });
      case 'forget':
        return this.forget(userId, command, outcome);
      case 'forget-all': {
        const count = await this.deps.store.purgeAll(userId);
        return outcome(count ? `Done: I've forgotten everything I knew about you (${count} ${count === 1 ? 'memory' : 'memories'}).` : "I don't have any memories about you, so there was nothing to forget.");
      }
      case 'list':
        return this.list(userId, { topic: command.topic, context, outcome });
    }
  }

  private async remember(userId: string, { command, context, outcome }: { command: Extract<MemoryCommand, { type: 'remember' }>; context: CommandContext; outcome: OutcomeFactory }): Promise<CommandOutcome> {
    if (!context.settings.memoryEnabled) return outcome("Memory is turned off, so I can't save this. You can turn it on in Settings → Personalization.");
    const [result] = await this.deps.consolidator.consolidate(userId, [{ kind: command.kind, content: command.content }], { source: context.source });
    const what = command.echo.startsWith('to ') ? command.echo : `that ${command.echo}`;
    switch (result.action) {
      case 'add':
        return outcome(`Got it: I'll remember ${what}.`, { saved: [result.memory] });
      case 'update':
        return outcome(`Got it: I've updated my memory. I'll remember ${what} (instead of: ${memoryToSecondPerson(result.replaced.content)}).`, { saved: [result.memory], removed: [result.replaced] });
      case 'delete':
        return outcome(`Got it: I've forgotten that ${memoryToSecondPerson(result.deleted.content)}.`, { removed: [result.deleted] });
      case 'none':
        return outcome(`I already remember ${result.existing ? `that ${memoryToSecondPerson(result.existing.content)}` : 'that'}.`, { listed: result.existing ? [result.existing] : [] });
    }
  }

  private async forget(userId: string, command: Extract<MemoryCommand, { type: 'forget' }>, outcome: OutcomeFactory): Promise<CommandOutcome> {
    const matches = await this.forgetMatches(userId, command.target);
    if (matches.length === 0) {
      const reply = `I don't have any memory matching “${command.target}”, so there is nothing to forget.`;
      // "forget the plot of that movie" may be conversation, not memory: let the model answer unless memory was named.
      return { ...outcome(reply), handled: command.explicit };
    }
    const removed = await this.deps.store.purge(userId, matches.map((m) => m.id));
    const shown = matches.filter((m) => m.status === 'active');
    const listed = (shown.length ? shown : matches).map((m) => memoryToSecondPerson(m.content));
    const reply = listed.length === 1 ? `Done: I've forgotten that ${listed[0]}.` : `Done: I've forgotten these:\n${listed.map((text) => `- ${text}`).join('\n')}`;
    return outcome(reply, { removed });
  }

  /** Memories (current or history) that a forget request names: the best match and those nearly as good. */
  async forgetMatches(userId: string, target: string): Promise<Memory[]> {
    const subject = factSubject(`User ${target.replace(/^(?:that\s+)?i\s+/i, '')}`);
    const tsquery = prefixQuery(subject ? `${target} ${keyWords(subject.key)}` : target);
    if (!tsquery) return [];
    const candidates = await this.deps.store.matching(userId, tsquery, { statuses: ['active', 'superseded', 'deleted'], limit: 30 });
    const scored = candidates
      .map((memory) => ({ memory, score: Math.max(coverage(target, memory.content), trigramSimilarity(target, memory.content)) }))
      .filter((c) => c.score >= FORGET_THRESHOLD)
      .sort((a, b) => b.score - a.score);
    if (scored.length === 0) return [];
    const floor = scored[0].score - FORGET_MARGIN;
    return scored.filter((c) => c.score >= floor).map((c) => c.memory);
  }

  private async list(userId: string, { topic, context, outcome }: { topic: string | null; context: CommandContext; outcome: OutcomeFactory }): Promise<CommandOutcome> {
    const memories = topic
      ? (await this.deps.retriever.searchMemories(userId, topic, { k: LIST_LIMIT })).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      : (await this.deps.store.list(userId, { limit: LIST_LIMIT + 1 })).reverse();
    const off = context.settings.memoryEnabled ? '' : '\n\n(Memory is turned off, so I am not using these in our conversations.)';
    if (memories.length === 0) {
      const none = topic ? `I don't have any memories about your ${topic}.` : "I don't know anything about you yet. Tell me “remember that …” and I will.";
      return outcome(none + off);
    }
    const shown = memories.slice(-LIST_LIMIT);
    const more = memories.length > LIST_LIMIT ? '\n\n…and more: see the Memory page in Settings.' : '';
    const heading = topic ? `Here's what I know about your ${topic}:` : "Here's what I know about you:";
    return outcome(`${heading}\n${shown.map((m) => `- ${capitalize(memoryToSecondPerson(m.content))}`).join('\n')}${more}${off}`, { listed: shown });
  }
}

type OutcomeFactory = (reply: string, extra?: Partial<CommandOutcome>) => CommandOutcome;

const capitalize = (text: string) => (text ? text[0].toUpperCase() + text.slice(1) : text);
