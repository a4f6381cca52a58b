import { randomUUID } from 'node:crypto';
import { and, desc, eq, gt, sql } from 'drizzle-orm';
import { schema, type Db, type UserRow } from '../db/index.js';
import { CredentialCache } from './credential-cache.js';
import { AuthError, ForbiddenError } from './errors.js';
import { hashPassword, hashSecret, newSecret, verifyPassword } from './secrets.js';

/** A user as the API shows it (no password hash). */
export interface User {
  id: string;
  email: string;
  name: string;
  role: 'owner' | 'user';
  hasPassword: boolean;
  createdAt: Date;
}

export interface ApiKeyInfo {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** Raised for a duplicate email or an invalid account change (HTTP 400/409). */
export class UserInputError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: 400 | 409 = 400,
  ) {
    super(message);
    this.name = 'UserInputError';
  }
}

const SESSION_DAYS = 30;
export const OWNER_EMAIL = 'owner@localhost';

const toUser = (row: UserRow): User => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
  hasPassword: row.passwordHash !== null,
  createdAt: row.createdAt,
});

/** Accounts, sessions and API keys. Every method that touches a user's data takes that user's id. */
export class UserService {
  /**
   * Who a key or session belongs to, remembered for 30 s: the /v1 hot path then does no database read.
   * One cache per kind, so a session token sent as an API key is looked up as one (and not found).
   */
  private readonly apiKeys = new CredentialCache({ ttlMs: 30_000, maxEntries: 10_000 });
  private readonly sessions = new CredentialCache({ ttlMs: 30_000, maxEntries: 10_000 });

  constructor(private readonly db: Db) {}

  /** Drops every remembered key and session of a user, so the next request reads them anew. */
  private forgetCredentials(userId: string): void {
    this.apiKeys.dropUser(userId);
    this.sessions.dropUser(userId);
  }

  /** Creates the owner on first run; returns it either way. */
  async ensureOwner(): Promise<User> {
    const [existing] = await this.db.select().from(schema.users).where(eq(schema.users.role, 'owner')).limit(1);
    if (existing) return toUser(existing);
    const [row] = await this.db
      .insert(schema.users)
      .values({ id: randomUUID(), email: OWNER_EMAIL, name: 'Owner', role: 'owner', passwordHash: null })
      .onConflictDoNothing()
      .returning();
    return row ? toUser(row) : this.ensureOwner();
  }

  async get(userId: string): Promise<User | null> {
    const [row] = await this.db.select().from(schema.users).where(eq(schema.users.id, userId));
    return row ? toUser(row) : null;
  }

  async list(): Promise<User[]> {
    const rows = await this.db.select().from(schema.users).orderBy(schema.users.createdAt);
    return rows.map(toUser);
  }

  async create(input: { email: string; name?: string; password: string }): Promise<User> {
    const email = input.email.trim();
    const [taken] = await this.db.select({ id: schema.users.id }).from(schema.users).where(sql`lower(${schema.users.email}) = lower(${email})`);
    if (taken) throw new UserInputError(`A user with email ${email} already exists.`, 'email_taken', 409);
    const [row] = await this.db
      .insert(schema.users)
      .values({ id: randomUUID(), email, name: input.name?.trim() || email.split('@')[0], role: 'user', passwordHash: await hashPassword(input.password) })
      .returning();
    return toUser(row);
  }

  async remove(actor: User, userId: string): Promise<boolean> {
    if (actor.role !== 'owner') throw new ForbiddenError('Only the owner can delete users.');
    if (actor.id === userId) throw new UserInputError('The owner account cannot be deleted.', 'cannot_delete_owner');
    const deleted = await this.db.delete(schema.users).where(eq(schema.users.id, userId)).returning({ id: schema.users.id });
    this.forgetCredentials(userId);
    return deleted.length > 0;
  }

  async setPassword(userId: string, input: { currentPassword?: string; newPassword: string }): Promise<void> {
    const [row] = await this.db.select().from(schema.users).where(eq(schema.users.id, userId));
    if (!row) throw new AuthError('Unknown user.');
    if (row.passwordHash && !(await verifyPassword(row.passwordHash, input.currentPassword ?? ''))) {
      throw new AuthError('The current password is wrong.', 'wrong_password');
    }
    await this.db.update(schema.users).set({ passwordHash: await hashPassword(input.newPassword) }).where(eq(schema.users.id, userId));
    // Cached copies say whether the user has a password.
    this.forgetCredentials(userId);
  }

  /** Checks email and password; the same error for an unknown email and a wrong password. */
  async verifyLogin(email: string, password: string): Promise<User> {
    const [row] = await this.db.select().from(schema.users).where(sql`lower(${schema.users.email}) = lower(${email.trim()})`);
    if (!row?.passwordHash || !(await verifyPassword(row.passwordHash, password))) {
      throw new AuthError('Wrong email or password.');
    }
    return toUser(row);
  }

  async createSession(userId: string): Promise<{ token: string; expiresAt: Date }> {
    const token = newSecret('rs-');
    const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
    await this.db.insert(schema.sessions).values({ tokenHash: hashSecret(token), userId, expiresAt });
    return { token, expiresAt };
  }

  async userForSession(token: string): Promise<User | null> {
    const hash = hashSecret(token);
    const cached = this.sessions.get(hash);
    if (cached) return cached;
    const [row] = await this.db
      .select({ user: schema.users, expiresAt: schema.sessions.expiresAt })
      .from(schema.sessions)
      .innerJoin(schema.users, eq(schema.users.id, schema.sessions.userId))
      .where(and(eq(schema.sessions.tokenHash, hash), gt(schema.sessions.expiresAt, new Date())));
    if (!row) return null;
    const user = toUser(row.user);
    this.sessions.set(hash, { user, credentialId: hash, expiresAt: row.expiresAt });
    return user;
  }

  async deleteSession(token: string): Promise<void> {
    const hash = hashSecret(token);
    this.sessions.dropCredential(hash);
    await this.db.delete(schema.sessions).where(eq(schema.sessions.tokenHash, hash));
  }

  /** Creates an API key; the secret is returned once and only its hash is stored. */
  async createApiKey(userId: string, name: string): Promise<{ key: ApiKeyInfo; secret: string }> {
    const secret = newSecret('rl-');
    const [row] = await this.db
      .insert(schema.apiKeys)
      .values({ id: randomUUID(), userId, name, prefix: secret.slice(0, 10), keyHash: hashSecret(secret) })
      .returning();
    return { key: { id: row.id, name: row.name, prefix: row.prefix, createdAt: row.createdAt, lastUsedAt: null }, secret };
  }

  async listApiKeys(userId: string): Promise<ApiKeyInfo[]> {
    return this.db
      .select({ id: schema.apiKeys.id, name: schema.apiKeys.name, prefix: schema.apiKeys.prefix, createdAt: schema.apiKeys.createdAt, lastUsedAt: schema.apiKeys.lastUsedAt })
      .from(schema.apiKeys)
      .where(eq(schema.apiKeys.userId, userId))
      .orderBy(desc(schema.apiKeys.createdAt));
  }

  async deleteApiKey(userId: string, keyId: string): Promise<boolean> {
    const deleted = await this.db
      .delete(schema.apiKeys)
      .where(and(eq(schema.apiKeys.userId, userId), eq(schema.apiKeys.id, keyId)))
      .returning({ id: schema.apiKeys.id });
    for (const { id } of deleted) this.apiKeys.dropCredential(id);
    return deleted.length > 0;
  }

  async userForApiKey(secret: string): Promise<User | null> {
    const hash = hashSecret(secret);
    // A cached key was stamped as used when it was read, less than the cache's TTL ago: the coarse stamp stays true.
    const cached = this.apiKeys.get(hash);
    if (cached) return cached;
    const [row] = await this.db
      .select({ user: schema.users, keyId: schema.apiKeys.id, lastUsedAt: schema.apiKeys.lastUsedAt })
      .from(schema.apiKeys)
      .innerJoin(schema.users, eq(schema.users.id, schema.apiKeys.userId))
      .where(eq(schema.apiKeys.keyHash, hash));
    if (!row) return null;
    // Coarse last-used stamp: at most one write per key per minute, off the request's critical path.
    if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
      void this.db.update(schema.apiKeys).set({ lastUsedAt: new Date() }).where(eq(schema.apiKeys.id, row.keyId)).catch(() => undefined);
    }
    const user = toUser(row.user);
    this.apiKeys.set(hash, { user, credentialId: row.keyId });
    return user;
  }
}
