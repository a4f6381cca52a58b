import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, getTableColumns, ilike, inArray, lt, or, sql, type Column } from 'drizzle-orm';
import { schema, type ConversationRow, type Db, type MessageRow, type MessageStatus } from '../db/index.js';
import { ConversationCache } from './conversation-cache.js';
import { ThreadCache } from './thread-cache.js';
import type { Conversation, Message, ThreadMessage } from './types.js';

export const DEFAULT_TITLE = 'New chat';

const toConversation = (row: ConversationRow): Conversation => ({
  id: row.id,
  title: row.title,
  model: row.model,
  currentLeafId: row.currentLeafId,
  temporary: row.temporary,
  instructions: row.instructions,
  projectId: row.projectId,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

/** Every column a Message needs: not the tsvector, which is search's own and costs as much to read as the text. */
const messageColumns = {
  id: schema.messages.id,
  conversationId: schema.messages.conversationId,
  parentId: schema.messages.parentId,
  role: schema.messages.role,
  content: schema.messages.content,
  status: schema.messages.status,
  model: schema.messages.model,
  error: schema.messages.error,
  usage: schema.messages.usage,
  metadata: schema.messages.metadata,
  createdAt: schema.messages.createdAt,
  updatedAt: schema.messages.updatedAt,
};

const toMessage = (row: Pick<MessageRow, keyof typeof messageColumns>): Message => ({
  id: row.id,
  conversationId: row.conversationId,
  parentId: row.parentId,
  role: row.role,
  content: row.content,
  status: row.status,
  model: row.model,
  error: row.error ?? null,
  usage: row.usage ?? null,
  metadata: row.metadata ?? null,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

const { conversations: c, messages: m } = schema;

/**
 * A `returning` list for raw SQL that names each column as its field (`created_at as "createdAt"`),
 * from the same column map the query builder uses, so the two cannot drift apart. Built once, as one
 * piece of text: joining a fragment per column on every turn start cost about 0.15 ms before its
 * first token.
 */
const returningAs = (columns: Record<string, Column>) => {
  const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
  return sql.raw(Object.entries(columns).map(([field, column]) => `${quoted(column.name)} as ${quoted(field)}`).join(', '));
};
const MESSAGE_RETURNING = returningAs(messageColumns);
const CONVERSATION_RETURNING = returningAs(getTableColumns(c));

/** A row as `row_to_json` gives it: the same fields, its timestamps as ISO strings. */
type JsonRow<T extends { createdAt: Date; updatedAt: Date }> = Omit<T, 'createdAt' | 'updatedAt'> & { createdAt: string; updatedAt: string };

/** A row that came through JSON: its timestamps back to Dates. */
const withDates = <T extends { createdAt: Date; updatedAt: Date }>(row: JsonRow<T>): T => ({ ...row, createdAt: new Date(row.createdAt), updatedAt: new Date(row.updatedAt) }) as T;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a syntactically valid id; anything else cannot exist, so callers answer 404 without a query. */
export const isId = (value: string) => UUID.test(value);

/** A turn's start: the user's message (none for a new answer to an old one) and the answer it gets. */
export interface TurnInput {
  userId: string;
  conversation: Conversation;
  user: { content: string; parentId: string | null } | null;
  assistantParentId: string | null;
  /** Null for an answer Redline writes itself (a memory command): no model is called. */
  model: string | null;
}

/** A turn's start as planned (see ConversationStore.planTurn): the rows it will write. */
export interface TurnPlan {
  input: TurnInput;
  userMessage: Message | null;
  assistantMessage: Message;
  conversation: Conversation;
}

/** Persistence of conversations and their message trees. Every query is scoped by user id. */
export class ConversationStore {
  private readonly threads: ThreadCache | null;
  private readonly rows: ConversationCache | null;
  /** The embedded store: this process its only writer, running one query at a time. */
  readonly singleWriter: boolean;

  /** `singleWriter` turns on the caches, correct only then (see ThreadCache, ConversationCache). */
  constructor(
    private readonly db: Db,
    options: { singleWriter?: boolean } = {},
  ) {
    this.singleWriter = options.singleWriter ?? false;
    this.threads = this.singleWriter ? new ThreadCache() : null;
    this.rows = this.singleWriter ? new ConversationCache() : null;
  }

  /** A project was deleted: its conversations' `project_id` was cleared by the foreign key, behind the store's back. */
  projectRemoved(projectId: string): void {
    this.rows?.projectRemoved(projectId);
  }

  async list(userId: string, options: { q?: string; limit?: number; before?: Date; projectId?: string }): Promise<Conversation[]> {
    // Temporary chats are never listed nor found: they exist only for the tab that holds their id.
    const filters = [eq(c.userId, userId), eq(c.temporary, false)];
    if (options.projectId) filters.push(eq(c.projectId, options.projectId));
    if (options.before) filters.push(lt(c.updatedAt, options.before));
    const q = options.q?.trim();
    if (q) {
      const pattern = `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      const inContent = sql`exists (select 1 from ${m} where ${m.userId} = ${userId} and ${m.conversationId} = ${c.id}
        and (${m.contentTsv} @@ plainto_tsquery('simple', ${q}) or ${m.content} ilike ${pattern}))`;
      filters.push(or(ilike(c.title, pattern), inContent)!);
    }
    const rows = await this.db
      .select()
      .from(c)
      .where(and(...filters))
      .orderBy(desc(c.updatedAt))
      .limit(Math.min(options.limit ?? 50, 200));
    return rows.map(toConversation);
  }

  /** `projectId` must be checked as the user's own by the caller (the foreign key knows no users). */
  async create(userId: string, input: { title?: string; model?: string | null; temporary?: boolean; instructions?: string | null; projectId?: string | null }): Promise<Conversation> {
    const [row] = await this.db
      .insert(c)
      .values({ id: randomUUID(), userId, title: input.title?.trim() || DEFAULT_TITLE, model: input.model ?? null, temporary: input.temporary ?? false, instructions: input.instructions ?? null, projectId: input.projectId ?? null })
      .returning();
    return this.wrote(userId, toConversation(row));
  }

  async get(userId: string, id: string): Promise<Conversation | null> {
    if (!isId(id)) return null;
    const cached = this.rows?.get(userId, id);
    if (cached) return cached;
    const mark = this.rows?.mark() ?? 0;
    const [row] = await this.db.select().from(c).where(and(eq(c.userId, userId), eq(c.id, id)));
    if (!row) return null;
    const conversation = toConversation(row);
    this.rows?.fill(userId, conversation, mark);
    return conversation;
  }

  /** A conversation row a committed write returned: the cache gets it too. */
  private wrote(userId: string, conversation: Conversation): Conversation {
    this.rows?.written(userId, conversation);
    return conversation;
  }

  async messages(userId: string, conversationId: string): Promise<Message[]> {
    const rows = await this.db
      .select(messageColumns)
      .from(m)
      .where(and(eq(m.userId, userId), eq(m.conversationId, conversationId)))
      .orderBy(asc(m.createdAt), asc(m.id));
    return rows.map(toMessage);
  }

  /**
   * Every message of a conversation with only what a prompt needs (no metadata, usage or error):
   * read on every turn. One JSON array in one row: the drivers decode each field of each row on
   * its own, and for a 200-message thread that was twice the cost of the query itself.
   */
  async threadMessages(userId: string, conversationId: string): Promise<ThreadMessage[]> {
    const cached = this.threads?.get(userId, conversationId);
    if (cached) return cached;
    const mark = this.threads?.mark() ?? 0;
    const [row] = await this.db
      .select({ thread: sql<[string, string | null, ThreadMessage['role'], string, MessageStatus][] | null>`json_agg(json_build_array(${m.id}, ${m.parentId}, ${m.role}, ${m.content}, ${m.status}) order by ${m.createdAt}, ${m.id})` })
      .from(m)
      .where(and(eq(m.userId, userId), eq(m.conversationId, conversationId)));
    const thread = (row?.thread ?? []).map(([id, parentId, role, content, status]) => ({ id, parentId, role, content, status }));
    this.threads?.fill({ userId, conversationId }, thread.slice(), mark);
    return thread;
  }

  /** A message's place in the tree, without its text or JSON columns: what placing a new message needs. */
  async messageHead(userId: string, conversationId: string, messageId: string): Promise<Pick<Message, 'id' | 'parentId' | 'role'> | null> {
    if (!isId(messageId)) return null;
    const cached = this.threads?.peek(userId, conversationId);
    if (cached) {
      // The cached thread is the whole conversation: a message not in it does not exist.
      const found = cached.find((msg) => msg.id === messageId);
      return found ? { id: found.id, parentId: found.parentId, role: found.role } : null;
    }
    const [row] = await this.db.select({ id: m.id, parentId: m.parentId, role: m.role }).from(m).where(and(eq(m.userId, userId), eq(m.conversationId, conversationId), eq(m.id, messageId)));
    return row ?? null;
  }

  async message(userId: string, conversationId: string, messageId: string): Promise<Message | null> {
    if (!isId(messageId)) return null;
    const [row] = await this.db.select(messageColumns).from(m).where(and(eq(m.userId, userId), eq(m.conversationId, conversationId), eq(m.id, messageId)));
    return row ? toMessage(row) : null;
  }

  async update(userId: string, id: string, patch: { title?: string; model?: string | null; currentLeafId?: string; instructions?: string | null; projectId?: string | null }): Promise<Conversation | null> {
    const values: Partial<ConversationRow> = {};
    if (patch.projectId !== undefined) values.projectId = patch.projectId;
    if (patch.instructions !== undefined) values.instructions = patch.instructions;
    if (patch.title !== undefined) values.title = patch.title.trim() || DEFAULT_TITLE;
    if (patch.model !== undefined) values.model = patch.model;
    if (patch.currentLeafId !== undefined) values.currentLeafId = patch.currentLeafId;
    if (Object.keys(values).length === 0) return this.get(userId, id);
    const [row] = await this.db.update(c).set(values).where(and(eq(c.userId, userId), eq(c.id, id))).returning();
    return row ? this.wrote(userId, toConversation(row)) : null;
  }

  async remove(userId: string, id: string): Promise<boolean> {
    if (!isId(id)) return false;
    const deleted = await this.db.delete(c).where(and(eq(c.userId, userId), eq(c.id, id))).returning({ id: c.id });
    if (deleted.length > 0) {
      this.threads?.invalidate(id);
      this.rows?.drop(id);
    }
    return deleted.length > 0;
  }

  /**
   * What a turn's start will write, before it is written: its ids and times, the messages as the
   * thread will hold them, the conversation as it will be. `startTurn(plan)` commits exactly that.
   */
  planTurn(input: TurnInput): TurnPlan {
    const { conversation, user } = input;
    const now = Date.now();
    const title = conversation.title === DEFAULT_TITLE && user ? titleFrom(user.content) : conversation.title;
    const message = (fields: Pick<Message, 'id' | 'parentId' | 'role' | 'content' | 'status' | 'model'>, ms: number): Message => ({ conversationId: conversation.id, error: null, usage: null, metadata: null, createdAt: new Date(ms), updatedAt: new Date(ms), ...fields });
    const userMessage = user ? message({ id: randomUUID(), parentId: user.parentId, role: 'user', content: user.content, status: 'complete', model: null }, now) : null;
    // +1 ms keeps the assistant after its user message when ordering by time.
    const assistantMessage = message({ id: randomUUID(), parentId: userMessage ? userMessage.id : input.assistantParentId, role: 'assistant', content: '', status: 'streaming', model: input.model }, now + 1);
    return { input, userMessage, assistantMessage, conversation: { ...conversation, currentLeafId: assistantMessage.id, updatedAt: new Date(now), title, model: input.model ?? conversation.model } };
  }

  /**
   * Commits the turn's start in one statement: the user message (when there is one), an empty
   * assistant message in status `streaming`, and the conversation's new leaf (and title on the first turn).
   * After this returns, nothing the user sent can be lost.
   */
  async startTurn(input: TurnInput | TurnPlan): Promise<{ userMessage: Message | null; assistantMessage: Message; conversation: Conversation }> {
    const plan = 'input' in input ? input : this.planTurn(input);
    const { userId, conversation } = plan.input;
    const { userMessage: user, assistantMessage: answer, conversation: after } = plan;
    // One statement, so atomic on its own: the user's message, the answer it gets, and the conversation
    // pointing at it. A transaction of four round trips cost twice as much, before every first token.
    const userInsert = user
      ? sql`insert into ${m} (id, user_id, conversation_id, parent_id, role, content, status, created_at)
          values (${user.id}, ${userId}, ${conversation.id}, ${user.parentId}, 'user', ${user.content}, 'complete', ${user.createdAt.toISOString()}::timestamptz)
          returning ${MESSAGE_RETURNING}`
      : sql`select ${MESSAGE_RETURNING} from ${m} where false`;
    const result = await this.db.execute(sql`
      with sent as (${userInsert}),
      answer as (
        insert into ${m} (id, user_id, conversation_id, parent_id, role, content, status, model, created_at)
        values (${answer.id}, ${userId}, ${conversation.id}, ${answer.parentId}, 'assistant', '', 'streaming', ${answer.model}, ${answer.createdAt.toISOString()}::timestamptz)
        returning ${MESSAGE_RETURNING}
      ),
      conv as (
        update ${c} set current_leaf_id = ${answer.id}, updated_at = ${after.updatedAt.toISOString()}::timestamptz, title = ${after.title}, model = ${after.model}
        where user_id = ${userId} and id = ${conversation.id}
        returning ${CONVERSATION_RETURNING}
      )
      select (select row_to_json(sent) from sent) as sent, (select row_to_json(answer) from answer) as answer, (select row_to_json(conv) from conv) as conv`);
    type Written = JsonRow<Pick<MessageRow, keyof typeof messageColumns>>;
    const [row] = (result as unknown as { rows: { sent: Written | null; answer: Written; conv: JsonRow<ConversationRow> | null }[] }).rows;
    if (!row.conv) throw new Error(`Conversation ${conversation.id} is gone.`);
    const started = {
      userMessage: row.sent ? toMessage(withDates(row.sent)) : null,
      assistantMessage: toMessage(withDates(row.answer)),
      conversation: this.wrote(userId, toConversation(withDates(row.conv))),
    };
    this.threads?.added(conversation.id, [started.userMessage, started.assistantMessage].flatMap((msg) => (msg ? [threadMessage(msg)] : [])));
    return started;
  }

  /**
   * Reopens a finished-but-incomplete answer for continuation, atomically: only one caller wins,
   * and an answer that is streaming already is left alone (returns null).
   */
  async reopenForContinuation(userId: string, input: { conversationId: string; messageId: string; model: string }): Promise<{ assistantMessage: Message; conversation: Conversation } | null> {
    const reopened = await this.db.transaction(async (tx) => {
      const [row] = await tx
        .update(m)
        .set({ status: 'streaming', error: null, model: input.model, updatedAt: new Date() })
        .where(and(eq(m.userId, userId), eq(m.id, input.messageId), inArray(m.status, ['interrupted', 'failed', 'stopped'])))
        .returning(messageColumns);
      if (!row) return null;
      const [conv] = await tx
        .update(c)
        .set({ currentLeafId: row.id, updatedAt: new Date() })
        .where(and(eq(c.userId, userId), eq(c.id, input.conversationId)))
        .returning();
      return { assistantMessage: toMessage(row), conversation: toConversation(conv) };
    });
    if (reopened) this.wrote(userId, reopened.conversation);
    // After the commit: a rolled-back reopen must not show as streaming.
    if (reopened) this.threads?.changed({ conversationId: reopened.assistantMessage.conversationId, messageId: reopened.assistantMessage.id }, { status: 'streaming' });
    return reopened;
  }

  /** Records a rating on an answer (null clears it), kept in the message's metadata. */
  async setFeedback(userId: string, input: { conversationId: string; messageId: string; feedback: { rating: 'up' | 'down'; reason: string | null; at: string } | null }): Promise<Message | null> {
    const [row] = await this.db
      .update(m)
      .set({ metadata: sql`coalesce(${m.metadata}, '{}'::jsonb) || jsonb_build_object('feedback', ${JSON.stringify(input.feedback)}::jsonb)` })
      .where(and(eq(m.userId, userId), eq(m.conversationId, input.conversationId), eq(m.id, input.messageId), eq(m.role, 'assistant')))
      .returning(messageColumns);
    return row ? toMessage(row) : null;
  }

  /** Records the tool calls of an answer still being written (one write per round of tools), so a reload or a crash keeps them. */
  async setToolCalls(userId: string, messageId: string, calls: unknown[]): Promise<void> {
    await this.db
      .update(m)
      .set({ metadata: sql`coalesce(${m.metadata}, '{}'::jsonb) || jsonb_build_object('toolCalls', ${JSON.stringify(calls)}::jsonb)` })
      .where(and(eq(m.userId, userId), eq(m.id, messageId)));
  }

  /** Saves the partial answer while it streams (batched by the caller, never per token). */
  async savePartial(userId: string, where: { conversationId: string; messageId: string }, content: string): Promise<void> {
    await this.db
      .update(m)
      .set({ content, updatedAt: new Date() })
      .where(and(eq(m.userId, userId), eq(m.conversationId, where.conversationId), eq(m.id, where.messageId), eq(m.status, 'streaming')));
    this.threads?.changed(where, { content }, { status: 'streaming' });
  }

  async finishMessage(
    userId: string,
    messageId: string,
    result: { status: MessageStatus; content: string; usage?: Message['usage']; error?: Message['error']; metadata?: Record<string, unknown>; model?: string | null },
  ): Promise<Message> {
    const [row] = await this.db
      .update(m)
      .set({ status: result.status, content: result.content, usage: result.usage ?? null, error: result.error ?? null, metadata: result.metadata, ...(result.model !== undefined ? { model: result.model } : {}), updatedAt: new Date() })
      .where(and(eq(m.userId, userId), eq(m.id, messageId)))
      .returning(messageColumns);
    this.threads?.changed({ conversationId: row.conversationId, messageId }, { status: result.status, content: result.content });
    const [conv] = await this.db.update(c).set({ updatedAt: new Date() }).where(and(eq(c.userId, userId), eq(c.id, row.conversationId))).returning();
    if (conv) this.wrote(userId, toConversation(conv));
    else this.rows?.drop(row.conversationId);
    return toMessage(row);
  }

  /** Deletes temporary chats (and their messages) not updated since `idleSince`. Returns how many. */
  async purgeIdleTemporary(idleSince: Date): Promise<number> {
    const rows = await this.db
      .delete(c)
      .where(and(eq(c.temporary, true), lt(c.updatedAt, idleSince)))
      .returning({ id: c.id });
    if (rows.length > 0) {
      this.threads?.invalidate();
      for (const { id } of rows) this.rows?.drop(id);
    }
    return rows.length;
  }

  /**
   * After a crash, answers that were streaming when the process died keep their flushed text and
   * become `interrupted`. Runs once at start-up, before the server accepts requests.
   */
  async markInterrupted(): Promise<number> {
    const rows = await this.db
      .update(m)
      .set({ status: 'interrupted', error: { message: 'The server stopped while this answer was being written.', code: 'interrupted' }, updatedAt: new Date() })
      .where(eq(m.status, 'streaming'))
      .returning({ id: m.id });
    this.threads?.invalidate();
    return rows.length;
  }
}

const threadMessage = (msg: Message): ThreadMessage => ({ id: msg.id, parentId: msg.parentId, role: msg.role, content: msg.content, status: msg.status });

/** The first line of the first message, cut at a word boundary. */
export function titleFrom(content: string): string {
  const line = content.replace(/\s+/g, ' ').trim();
  if (line.length <= 60) return line || DEFAULT_TITLE;
  const cut = line.slice(0, 60);
  const space = cut.lastIndexOf(' ');
  return `${(space > 30 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
