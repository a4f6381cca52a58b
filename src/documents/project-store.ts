import { randomUUID } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import { schema, type Db, type ProjectRow } from '../db/index.js';
import type { Project } from './types.js';

const { projects: p } = schema;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Counted in the same query as the rows: a sidebar of projects is one round trip. */
const counts = {
  // Spelled out: inside a subquery Drizzle's columns render unqualified and would bind to the inner table.
  documentCount: sql<number>`(select count(*)::int from "documents" where "documents"."user_id" = "projects"."user_id" and "documents"."project_id" = "projects"."id")`,
  conversationCount: sql<number>`(select count(*)::int from "conversations" where "conversations"."user_id" = "projects"."user_id" and "conversations"."project_id" = "projects"."id" and not "conversations"."temporary")`,
};

const toProject = (row: ProjectRow & { documentCount: number; conversationCount: number }): Project => ({
  id: row.id,
  name: row.name,
  instructions: row.instructions,
  strict: row.strict,
  documentCount: Number(row.documentCount),
  conversationCount: Number(row.conversationCount),
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

/** A user's projects. Every query is scoped by user id. */
export class ProjectStore {
  /** `removed` hears of each deletion: the foreign key also changed the project's conversations (a cache of them must know). */
  constructor(
    private readonly db: Db,
    private readonly options: { removed?: (projectId: string) => void } = {},
  ) {}

  async list(userId: string): Promise<Project[]> {
    const rows = await this.db.select({ ...columns(), ...counts }).from(p).where(eq(p.userId, userId)).orderBy(desc(p.updatedAt)).limit(500);
    return rows.map(toProject);
  }

  async get(userId: string, id: string): Promise<Project | null> {
    if (!UUID.test(id)) return null;
    const [row] = await this.db.select({ ...columns(), ...counts }).from(p).where(and(eq(p.userId, userId), eq(p.id, id)));
    return row ? toProject(row) : null;
  }

  /** The project's own fields, without the counts: what a turn and an ownership check need. */
  async find(userId: string, id: string): Promise<Pick<Project, 'id' | 'name' | 'instructions' | 'strict'> | null> {
    if (!UUID.test(id)) return null;
    const [row] = await this.db.select({ id: p.id, name: p.name, instructions: p.instructions, strict: p.strict }).from(p).where(and(eq(p.userId, userId), eq(p.id, id)));
    return row ?? null;
  }

  async create(userId: string, input: { name: string; instructions?: string | null; strict?: boolean }): Promise<Project> {
    const [row] = await this.db
      .insert(p)
      .values({ id: randomUUID(), userId, name: input.name.trim(), instructions: input.instructions ?? null, strict: input.strict ?? false })
      .returning();
    return toProject({ ...row, documentCount: 0, conversationCount: 0 });
  }

  async update(userId: string, id: string, patch: { name?: string; instructions?: string | null; strict?: boolean }): Promise<Project | null> {
    if (!UUID.test(id)) return null;
    const values: Partial<ProjectRow> = { updatedAt: new Date() };
    if (patch.name !== undefined) values.name = patch.name.trim();
    if (patch.instructions !== undefined) values.instructions = patch.instructions;
    if (patch.strict !== undefined) values.strict = patch.strict;
    const [row] = await this.db.update(p).set(values).where(and(eq(p.userId, userId), eq(p.id, id))).returning({ id: p.id });
    return row ? this.get(userId, id) : null;
  }

  /** Deletes the project and its files; its conversations stay, out of the project (the foreign key sets null). */
  async remove(userId: string, id: string): Promise<boolean> {
    if (!UUID.test(id)) return false;
    const deleted = await this.db.delete(p).where(and(eq(p.userId, userId), eq(p.id, id))).returning({ id: p.id });
    if (deleted.length > 0) this.options.removed?.(id);
    return deleted.length > 0;
  }
}

function columns() {
  return { id: p.id, userId: p.userId, name: p.name, instructions: p.instructions, strict: p.strict, createdAt: p.createdAt, updatedAt: p.updatedAt };
}
