import type { LanguageModelV3 } from '@ai-sdk/provider';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Logger } from 'pino';
import { schema, type Db } from '../db/index.js';
import { countTokens } from '../models/index.js';
import { classifyMemory, parseMemoryCommand } from './explicit-commands.js';
import { MemoryCommands, type CommandOutcome } from './memory-commands.js';
import { MemoryConsolidator } from './memory-consolidator.js';
import { importConversations, parseExport } from './import/import-conversations.js';
import { buildRedlineExport } from './import/redline-export.js';
import type { ImportResult } from './import/types.js';
import { extractMemories } from './memory-extractor.js';
import { MemoryRetriever, type SearchOptions } from './memory-retriever.js';
import { MemoryStore } from './memory-store.js';
import { renderInstructions, renderRecall } from './prompt-section.js';
import { SettingsStore, type SettingsPatch } from './settings-store.js';
import { editCues, learnStyle, styleCues } from './style-profile.js';
import {
  MEMORY_JOB_KINDS,
  MemoryInputError,
  type ConsolidationOutcome,
  type Embedder,
  type EmbedJobPayload,
  type EpisodeHit,
  type ExtractJobPayload,
  type Memory,
  type MemoryJobEnqueuer,
  type MemoryJobRegistrar,
  type MemoryKind,
  type MemorySource,
  type PersonalizationSettings,
  type ScoredMemory,
} from './types.js';

export interface MemoryBudgets {
  /** Tokens of one exchange sent to extraction (default 1200). */
  extractionInputTokens: number;
  /** Attempts of a `memory.extract` job (default 3). */
  extractionMaxAttempts: number;
  /** Tokens of recalled memories and excerpts per turn (default 800). */
  recallTokens: number;
  /** Memories considered per turn (default 8). */
  memoriesPerTurn: number;
  /** Past-conversation excerpts per turn (default 3). */
  episodesPerTurn: number;
}

export interface MemoryServiceOptions {
  db: Db;
  /** pgvector is installed (Database.hasVector). */
  hasVector: boolean;
  /** Where background work goes (the JobQueue); without it nothing is extracted after turns. */
  jobs?: MemoryJobEnqueuer | null;
  /** Vectors for hybrid search; without it, retrieval is full-text only. */
  embedder?: Embedder | null;
  /** The model that extracts and consolidates, from the job's model id; null when none is capable. */
  resolveModel?: (modelId: string | null) => LanguageModelV3 | null;
  logger?: Pick<Logger, 'warn' | 'error'>;
  budgets?: Partial<MemoryBudgets>;
  now?: () => number;
  /** No other process writes the store (Database.singleWriter): settings are read once and cached, active memories indexed in this process. */
  singleWriter?: boolean;
  /** After an import wrote rows in bulk (Database.refreshStatistics). */
  afterBulkWrite?: () => Promise<void>;
}

/** What a turn gets from memory: the prompt section (instructions first, recall second) and its parts. */
export interface TurnRecall {
  settings: PersonalizationSettings;
  /** Recalled memories in a stable order (creation time, then id). */
  memories: Memory[];
  /** Past-conversation excerpts, oldest first. */
  episodes: EpisodeHit[];
  /** Custom instructions and style rules: stable across turns, goes right after the system prompt. */
  instructions: string | null;
  /** "Facts about the user" and "From past conversations": per turn, goes after the instructions. */
  recall: string | null;
  /** Recalled memories whose last-used stamp is over an hour old: for `markUsed` once the answer is out. */
  stale: string[];
}

/** Redline's export of a user's memory (GET /api/memory/export). */
export interface MemoryExport {
  format: 'redline.memory';
  version: 1;
  exportedAt: string;
  settings: PersonalizationSettings;
  memories: Memory[];
}

const noLogger: Pick<Logger, 'warn' | 'error'> = { warn: () => undefined, error: () => undefined };
const EMBED_BATCH = 64;
const EMBED_BATCHES_PER_JOB = 8;
const EMBED_TEXT_CHARS = 4000;

/**
 * Long-term memory for one Redline: settings and custom instructions, explicit commands, extraction
 * and consolidation after turns (as jobs), retrieval per turn, episodic search, export.
 * Every method is scoped by user id.
 */
export class MemoryService {
  readonly store: MemoryStore;
  readonly settings: SettingsStore;
  readonly retriever: MemoryRetriever;
  readonly consolidator: MemoryConsolidator;
  private readonly commands: MemoryCommands;
  private readonly db: Db;
  private readonly logger: Pick<Logger, 'warn' | 'error'>;
  private readonly budgets: MemoryBudgets;

  constructor(private readonly options: MemoryServiceOptions) {
    this.db = options.db;
    this.store = new MemoryStore(options.db, { singleWriter: options.singleWriter ?? false });
    this.settings = new SettingsStore(options.db, { cache: options.singleWriter ?? false });
    this.retriever = new MemoryRetriever({ db: options.db, hasVector: options.hasVector, store: this.store, now: options.now });
    this.consolidator = new MemoryConsolidator({ store: this.store, retriever: this.retriever });
    this.commands = new MemoryCommands({ store: this.store, retriever: this.retriever, consolidator: this.consolidator });
    this.logger = options.logger ?? noLogger;
    this.budgets = { extractionInputTokens: 1200, extractionMaxAttempts: 3, recallTokens: 800, memoriesPerTurn: 8, episodesPerTurn: 3, ...options.budgets };
  }

  // ─── settings ──────────────────────────────────────────────────────────────

  getSettings(userId: string): Promise<PersonalizationSettings> {
    return this.settings.get(userId);
  }

  updateSettings(userId: string, patch: SettingsPatch): Promise<PersonalizationSettings> {
    return this.settings.update(userId, patch);
  }

  /** Empties the style profile. */
  resetStyle(userId: string): Promise<PersonalizationSettings> {
    return this.settings.update(userId, { styleRules: [] });
  }

  // ─── the style profile ─────────────────────────────────────────────────────

  /**
   * Learns from a rating's reason ("too long", "more formal", "no emojis"): a thumbs down with a
   * reason that names a style adds its rule. Returns the new settings when the profile changed, else null.
   */
  async learnFromFeedback(userId: string, feedback: { rating: 'up' | 'down'; reason: string | null }): Promise<PersonalizationSettings | null> {
    if (feedback.rating !== 'down' || !feedback.reason) return null;
    return this.learnCues(userId, styleCues(feedback.reason));
  }

  /**
   * Learns from edits: when the user re-asks a question adding the same style cue ("…, briefly")
   * in at least `minRepeats` of their recent edits, its rule joins the profile. One edit is a request
   * about one answer; a repeated one is a preference.
   */
  async learnFromEdits(userId: string, options: { minRepeats?: number; window?: number } = {}): Promise<PersonalizationSettings | null> {
    const { messages: m } = schema;
    const original = alias(m, 'original_message');
    const pairs = await this.db
      .selectDistinctOn([m.id], { id: m.id, edited: m.content, original: original.content })
      .from(m)
      .innerJoin(
        original,
        and(
          eq(original.userId, m.userId),
          eq(original.conversationId, m.conversationId),
          eq(original.role, 'user'),
          sql`${original.parentId} is not distinct from ${m.parentId}`,
          sql`${original.createdAt} < ${m.createdAt}`,
        ),
      )
      .where(and(eq(m.userId, userId), eq(m.role, 'user'), sql`${m.createdAt} > now() - interval '30 days'`))
      .orderBy(m.id, desc(original.createdAt))
      .limit(options.window ?? 50);
    const counts = new Map<string, number>();
    for (const pair of pairs) for (const cue of editCues(pair.original, pair.edited)) counts.set(cue, (counts.get(cue) ?? 0) + 1);
    const repeated = [...counts].filter(([, n]) => n >= (options.minRepeats ?? 2)).map(([cue]) => cue);
    return this.learnCues(userId, repeated);
  }

  /**
   * Learns from regenerations: when the user asked for a new answer in place of a long one (over
   * `minChars`, about 250 words) in at least `minConversations` conversations of the last 30 days, the
   * answers are too long for them. One regeneration may be about content; the same across
   * conversations is about length.
   */
  async learnFromRegenerations(userId: string, options: { minConversations?: number; minChars?: number } = {}): Promise<PersonalizationSettings | null> {
    const { messages: m } = schema;
    const sibling = alias(m, 'regenerated_answer');
    const [row] = await this.db
      .select({ conversations: sql<number>`count(distinct ${m.conversationId})::int` })
      .from(m)
      .innerJoin(
        sibling,
        and(eq(sibling.userId, m.userId), eq(sibling.conversationId, m.conversationId), eq(sibling.parentId, m.parentId), eq(sibling.role, 'assistant'), sql`${sibling.createdAt} > ${m.createdAt}`),
      )
      .innerJoin(schema.conversations, and(eq(schema.conversations.id, m.conversationId), eq(schema.conversations.temporary, false)))
      .where(and(eq(m.userId, userId), eq(m.role, 'assistant'), sql`length(${m.content}) >= ${options.minChars ?? 1200}`, sql`${sibling.createdAt} > now() - interval '30 days'`));
    return (row?.conversations ?? 0) >= (options.minConversations ?? 3) ? this.learnCues(userId, ['shorter']) : null;
  }

  private async learnCues(userId: string, cues: string[]): Promise<PersonalizationSettings | null> {
    if (cues.length === 0) return null;
    const settings = await this.settings.get(userId);
    const rules = learnStyle(settings.styleRules, cues);
    return rules === settings.styleRules ? null : this.settings.update(userId, { styleRules: rules });
  }

  // ─── the Memory page ───────────────────────────────────────────────────────

  list(userId: string, options: Parameters<MemoryStore['list']>[1] = {}): Promise<Memory[]> {
    return this.store.list(userId, options);
  }

  /** One memory with the versions it replaced (newest first), or null. */
  async get(userId: string, id: string): Promise<{ memory: Memory; history: Memory[] } | null> {
    const memory = await this.store.get(userId, id);
    return memory ? { memory, history: await this.store.history(userId, id) } : null;
  }

  /** A memory the user typed in the Memory page: kept as written, and consolidated like any other. */
  async create(userId: string, input: { content: string; kind?: MemoryKind }): Promise<ConsolidationOutcome> {
    const content = input.content.replace(/\s+/g, ' ').trim();
    if (!content) throw new MemoryInputError('A memory needs some text.', 'empty_memory');
    const [outcome] = await this.consolidator.consolidate(userId, [{ kind: input.kind ?? classifyMemory(content), content }], { source: { messageId: null, conversationId: null } });
    await this.afterWrite(userId);
    return outcome;
  }

  async edit(userId: string, id: string, patch: { content?: string; kind?: MemoryKind }): Promise<Memory | null> {
    if (patch.content !== undefined && !patch.content.trim()) throw new MemoryInputError('A memory needs some text.', 'empty_memory');
    const memory = await this.store.edit(userId, id, patch);
    if (memory) await this.afterWrite(userId);
    return memory;
  }

  /** Forgets one memory for good, with its history. False when it is not this user's. */
  async remove(userId: string, id: string): Promise<boolean> {
    return (await this.store.purge(userId, [id])).length > 0;
  }

  /** Forgets every memory of the user. Returns how many rows went. */
  removeAll(userId: string): Promise<number> {
    return this.store.purgeAll(userId);
  }

  /** Everything kept about the user, history included, as JSON. */
  async export(userId: string): Promise<MemoryExport> {
    const [settings, memories] = await Promise.all([this.settings.get(userId), this.store.list(userId, { status: 'all', limit: 10_000 })]);
    return { format: 'redline.memory', version: 1, exportedAt: new Date().toISOString(), settings, memories: memories.reverse() };
  }

  /** Redline's export of every conversation (each branch) and active memory of the user; `import` reads it back. */
  exportHistory(userId: string): ReturnType<typeof buildRedlineExport> {
    return buildRedlineExport(this.db, userId);
  }

  /** Memories relevant to a query, best first (the Memory page's search). */
  async search(userId: string, query: string, options: { k?: number; signal?: AbortSignal } = {}): Promise<ScoredMemory[]> {
    return this.retriever.searchMemories(userId, query, { k: options.k ?? 20, queryVector: await this.embedQuery(query, options.signal) });
  }

  /** Past messages relevant to a query, best first (`GET /api/search`). */
  async searchMessages(userId: string, query: string, options: { k?: number; excludeConversationId?: string | null; signal?: AbortSignal } = {}): Promise<EpisodeHit[]> {
    return this.retriever.searchMessages(userId, query, { k: options.k ?? 10, excludeConversationId: options.excludeConversationId, queryVector: await this.embedQuery(query, options.signal) });
  }

  /**
   * Imports a ChatGPT `conversations.json` or a Redline export (already parsed JSON) into the user's
   * history, one transaction per conversation; a Redline export's memories are consolidated in too.
   */
  async import(userId: string, json: unknown): Promise<ImportResult & { source: 'chatgpt' | 'redline'; memories: number; invalid: { index: number; title: string; error: string }[] }> {
    const parsed = parseExport(json);
    const result = await importConversations(this.db, userId, parsed);
    let memories = 0;
    if (parsed.memories.length) {
      const outcomes = await this.consolidator.consolidate(userId, parsed.memories.map(({ kind, content }) => ({ kind, content })), { source: { messageId: null, conversationId: null } });
      memories = outcomes.filter((o) => o.action === 'add' || o.action === 'update').length;
      if (memories) await this.afterWrite(userId);
    }
    if (result.imported.length || memories) {
      await this.options.afterBulkWrite?.().catch((error: unknown) => this.logger.warn({ err: error }, 'could not refresh the planner statistics after an import'));
    }
    return { ...result, source: parsed.source, memories, invalid: parsed.invalid };
  }

  // ─── the chat ──────────────────────────────────────────────────────────────

  /**
   * Runs the message as an explicit memory command ("remember that …", "forget …", "what do you know
   * about me?") and says what to answer; null when it is not one. With `handled`, the chat answers
   * `reply` without calling the model.
   */
  async handleCommand(userId: string, text: string, context: { source: MemorySource; temporary?: boolean }): Promise<CommandOutcome | null> {
    const command = parseMemoryCommand(text);
    if (!command) return null;
    const settings = await this.settings.get(userId);
    const outcome = await this.commands.run(userId, command, { settings, source: context.source, temporary: context.temporary ?? false });
    if (outcome.saved.length) await this.afterWrite(userId);
    return outcome;
  }

  /**
   * What to add to the prompt for this turn: custom instructions always; saved memories and past
   * conversations when the user's switches allow it and the chat is not temporary. Memories are
   * ranked by relevance, cut to the token budget, then put in a stable order.
   */
  async recallForTurn(userId: string, input: { query: string; conversationId?: string | null; temporary?: boolean; signal?: AbortSignal; settings?: PersonalizationSettings }): Promise<TurnRecall> {
    // The chat has read the settings already for the instructions: one read per turn.
    const settings = input.settings ?? (await this.settings.get(userId));
    const instructions = renderInstructions(settings);
    if (input.temporary || (!settings.memoryEnabled && !settings.chatHistoryEnabled)) return { settings, memories: [], episodes: [], instructions, recall: null, stale: [] };
    const queryVector = await this.embedQuery(input.query, input.signal);
    const [{ ranked, newest: preferences }, episodes] = await Promise.all([
      // How the user wants answers matters on every turn, whatever the question: the newest preferences come along.
      settings.memoryEnabled
        ? this.retriever.searchMemoriesWithNewest(userId, input.query, { k: this.budgets.memoriesPerTurn, queryVector, newest: { kind: 'preference', limit: 5 } })
        : Promise.resolve({ ranked: [], newest: [] }),
      settings.chatHistoryEnabled ? this.retriever.searchMessages(userId, input.query, { k: this.budgets.episodesPerTurn, excludeConversationId: input.conversationId, queryVector }) : Promise.resolve([]),
    ]);
    const candidates = [...ranked, ...preferences.filter((p) => !ranked.some((m) => m.id === p.id))];
    let budget = this.budgets.recallTokens;
    const memories: Memory[] = [];
    for (const memory of candidates) {
      const cost = countTokens(memory.content) + 8;
      if (cost > budget) continue;
      budget -= cost;
      memories.push(memory);
    }
    const keptEpisodes: EpisodeHit[] = [];
    for (const episode of episodes) {
      const cost = countTokens(episode.text) + 16;
      if (cost > budget) continue;
      budget -= cost;
      keptEpisodes.push(episode);
    }
    memories.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1));
    keptEpisodes.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.messageId < b.messageId ? -1 : 1));
    // Stamped at most hourly (see MemoryStore.touch); the rows say when they were last stamped, so most
    // turns write nothing. The write waits for the caller: on the embedded store it would queue in
    // front of the turn's last reads.
    const stale = memories.filter((m) => !m.lastUsedAt || (this.options.now ?? Date.now)() - m.lastUsedAt.getTime() > 3600_000).map((m) => m.id);
    const stripped = memories.map((m) => ('score' in m ? stripScore(m as ScoredMemory) : m));
    return { settings, memories: stripped, episodes: keptEpisodes, instructions, recall: renderRecall({ memories: stripped, episodes: keptEpisodes }), stale };
  }

  /** Stamps recalled memories as used (`TurnRecall.stale`), after the answer they went into. */
  async markUsed(userId: string, ids: string[]): Promise<void> {
    await this.store.touch(userId, ids);
  }

  /**
   * After a finished turn: enqueues extraction (and vectors), unless the chat is temporary, the
   * message is a pasted document, or the user turned memory off. Returns whether a job was enqueued.
   */
  async afterTurn(userId: string, payload: ExtractJobPayload): Promise<boolean> {
    const jobs = this.options.jobs;
    if (!jobs || payload.temporary || payload.pastedDocument) return false;
    const settings = await this.settings.get(userId);
    if (this.options.embedder && settings.chatHistoryEnabled) await jobs.enqueue<EmbedJobPayload>(userId, MEMORY_JOB_KINDS.embed, { reason: 'turn' });
    if (!settings.memoryEnabled || !this.options.resolveModel) return false;
    await jobs.enqueue(userId, MEMORY_JOB_KINDS.extract, payload, { maxAttempts: this.budgets.extractionMaxAttempts });
    return true;
  }

  /** Registers the `memory.extract` and `memory.embed` handlers on the job queue. */
  registerJobs(queue: MemoryJobRegistrar): void {
    queue.register<ExtractJobPayload>(MEMORY_JOB_KINDS.extract, async (job, { signal }) => void (await this.runExtraction(job.userId, job.payload, signal)));
    queue.register<EmbedJobPayload>(MEMORY_JOB_KINDS.embed, async (job, { signal }) => void (await this.embedPending(job.userId, signal)));
  }

  /**
   * The `memory.extract` job: reads the exchange, proposes memories with the model (structured
   * output, token budget), and consolidates them. Throws to retry (bounded by the job's attempts).
   */
  async runExtraction(userId: string, payload: ExtractJobPayload, signal?: AbortSignal): Promise<ConsolidationOutcome[]> {
    if (payload.temporary || payload.pastedDocument) return [];
    const settings = await this.settings.get(userId);
    if (!settings.memoryEnabled) return [];
    const exchange = await this.exchange(userId, payload);
    // Gone (the conversation was deleted), or a command that was handled as such.
    if (!exchange || parseMemoryCommand(exchange.user)) return [];
    const model = this.options.resolveModel?.(payload.model) ?? null;
    if (!model) return [];
    const proposals = await extractMemories(model, exchange, { maxInputTokens: this.budgets.extractionInputTokens, signal });
    if (proposals.length === 0) return [];
    const outcomes = await this.consolidator.consolidate(userId, proposals, {
      model,
      source: { messageId: payload.userMessageId, conversationId: payload.conversationId },
      embedQuery: (text) => this.embedQuery(text, signal),
      signal,
    });
    if (outcomes.some((o) => o.action === 'add' || o.action === 'update')) await this.embedPending(userId, signal);
    return outcomes;
  }

  /** The `memory.embed` job: vectors for the user's memories and messages that have none from the current embedder. */
  async embedPending(userId: string, signal?: AbortSignal): Promise<{ memories: number; messages: number }> {
    const embedder = this.options.embedder;
    const done = { memories: 0, messages: 0 };
    if (!embedder) return done;
    for (let batch = 0; batch < EMBED_BATCHES_PER_JOB; batch++) {
      const pending = await this.store.withoutEmbedding(userId, embedder.id, EMBED_BATCH);
      if (pending.length === 0) break;
      const vectors = await embedder.embed(pending.map((m) => m.content), { signal });
      for (const [i, memory] of pending.entries()) await this.store.setEmbedding(userId, memory.id, { embedding: vectors[i], model: embedder.id });
      done.memories += pending.length;
    }
    const { messages: m, messageEmbeddings: e } = schema;
    for (let batch = 0; batch < EMBED_BATCHES_PER_JOB; batch++) {
      const pending = await this.db
        .select({ id: m.id, content: m.content })
        .from(m)
        .where(
          and(
            eq(m.userId, userId),
            inArray(m.role, ['user', 'assistant']),
            inArray(m.status, ['complete', 'stopped', 'interrupted']),
            sql`${m.content} <> ''`,
            // Temporary chats are never searched, so their text is never sent to the embedder.
            sql`not exists (select 1 from ${schema.conversations} where ${schema.conversations.id} = ${m.conversationId} and ${schema.conversations.temporary})`,
            sql`not exists (select 1 from ${e} where ${e.messageId} = ${m.id} and ${e.embeddingModel} = ${embedder.id})`,
          ),
        )
        .orderBy(desc(m.createdAt))
        .limit(EMBED_BATCH);
      if (pending.length === 0) break;
      const vectors = await embedder.embed(pending.map((row) => row.content.slice(0, EMBED_TEXT_CHARS)), { signal });
      await this.db
        .insert(e)
        .values(pending.map((row, i) => ({ messageId: row.id, userId, embedding: vectors[i], embeddingModel: embedder.id })))
        .onConflictDoUpdate({ target: e.messageId, set: { embedding: sql`excluded.embedding`, embeddingModel: sql`excluded.embedding_model` } });
      done.messages += pending.length;
    }
    return done;
  }

  private async embedQuery(query: string, signal?: AbortSignal): Promise<SearchOptions['queryVector']> {
    return MemoryRetriever.embedQuery(this.options.embedder, query, signal);
  }

  /** Vectors for new or edited memories, in the background. */
  private async afterWrite(userId: string): Promise<void> {
    if (this.options.embedder && this.options.jobs) await this.options.jobs.enqueue<EmbedJobPayload>(userId, MEMORY_JOB_KINDS.embed, { reason: 'memory' });
  }

  private async exchange(userId: string, payload: ExtractJobPayload): Promise<{ user: string; assistant: string } | null> {
    const { messages: m, conversations: c } = schema;
    // A job enqueued before the chat became unreachable (or a forged payload) still never learns from a temporary chat.
    const rows = await this.db
      .select({ id: m.id, role: m.role, content: m.content })
      .from(m)
      .innerJoin(c, and(eq(c.id, m.conversationId), eq(c.userId, m.userId), eq(c.temporary, false)))
      .where(and(eq(m.userId, userId), eq(m.conversationId, payload.conversationId), inArray(m.id, [payload.userMessageId, payload.assistantMessageId])));
    const user = rows.find((row) => row.id === payload.userMessageId && row.role === 'user');
    const assistant = rows.find((row) => row.id === payload.assistantMessageId);
    return user ? { user: user.content, assistant: assistant?.content ?? '' } : null;
  }
}

const stripScore = ({ score: _score, ...memory }: ScoredMemory): Memory => memory;
