import { eq } from 'drizzle-orm';
import { schema, type Db } from '../db/index.js';
import { MemoryInputError, type PersonalizationSettings } from './types.js';

const { personalizationSettings: t } = schema;

/** Settings of a user who never changed any. */
export const DEFAULT_SETTINGS: PersonalizationSettings = {
  memoryEnabled: true,
  chatHistoryEnabled: true,
  aboutUser: '',
  responseStyle: '',
  styleRules: [],
  updatedAt: null,
};

/** Bounds that keep the personalization part of every prompt small. */
export const SETTINGS_LIMITS = { instructionChars: 1500, styleRules: 12, styleRuleChars: 200 };

export type SettingsPatch = Partial<Omit<PersonalizationSettings, 'updatedAt'>>;

/** Users whose settings are kept in memory at most (a cache for the turns' one read of them). */
const CACHED_USERS = 10_000;

/**
 * Per-user personalization settings: one row per user, created on first change. Every turn reads
 * them; with `cache` (only where this process is the store's one writer, as with ThreadCache) they
 * are read once and then follow this class's own writes.
 */
export class SettingsStore {
  private readonly cache: Map<string, PersonalizationSettings> | null;
  /** Bumped by every write: a read that overlapped one is not cached. */
  private generation = 0;

  constructor(
    private readonly db: Db,
    options: { cache?: boolean } = {},
  ) {
    this.cache = options.cache ? new Map() : null;
  }

  async get(userId: string): Promise<PersonalizationSettings> {
    const cached = this.cache?.get(userId);
    if (cached) return { ...cached, styleRules: [...cached.styleRules] };
    const mark = this.generation;
    const settings = await this.read(userId);
    if (this.cache && mark === this.generation) {
      if (this.cache.size >= CACHED_USERS) this.cache.clear();
      this.cache.set(userId, { ...settings, styleRules: [...settings.styleRules] });
    }
    return settings;
  }

  private async read(userId: string): Promise<PersonalizationSettings> {
    const [row] = await this.db.select().from(t).where(eq(t.userId, userId));
    if (!row) return { ...DEFAULT_SETTINGS, styleRules: [] };
    return {
      memoryEnabled: row.memoryEnabled,
      chatHistoryEnabled: row.chatHistoryEnabled,
      aboutUser: row.aboutUser,
      responseStyle: row.responseStyle,
      styleRules: row.styleRules,
      updatedAt: row.updatedAt,
    };
  }

  /** Applies a partial change (validated here: the HTTP layer may pass it straight through). */
  async update(userId: string, patch: SettingsPatch): Promise<PersonalizationSettings> {
    const values = validate(patch);
    const now = new Date();
    await this.db
      .insert(t)
      .values({ userId, ...values, updatedAt: now })
      .onConflictDoUpdate({ target: t.userId, set: { ...values, updatedAt: now } });
    this.generation++;
    this.cache?.delete(userId);
    return this.get(userId);
  }
}

function validate(patch: SettingsPatch): Partial<typeof t.$inferInsert> {
  const values: Partial<typeof t.$inferInsert> = {};
  if (patch.memoryEnabled !== undefined) values.memoryEnabled = patch.memoryEnabled;
  if (patch.chatHistoryEnabled !== undefined) values.chatHistoryEnabled = patch.chatHistoryEnabled;
  for (const field of ['aboutUser', 'responseStyle'] as const) {
    const value = patch[field];
    if (value === undefined) continue;
    if (value.length > SETTINGS_LIMITS.instructionChars) {
      throw new MemoryInputError(`${field} is longer than ${SETTINGS_LIMITS.instructionChars} characters.`, 'instructions_too_long');
    }
    values[field] = value.trim();
  }
  if (patch.styleRules !== undefined) {
    const rules = patch.styleRules.map((rule) => rule.replace(/\s+/g, ' ').trim()).filter(Boolean);
    if (rules.length > SETTINGS_LIMITS.styleRules || rules.some((rule) => rule.length > SETTINGS_LIMITS.styleRuleChars)) {
      throw new MemoryInputError(`Keep the style profile to ${SETTINGS_LIMITS.styleRules} rules of at most ${SETTINGS_LIMITS.styleRuleChars} characters.`, 'style_rules_too_long');
    }
    values.styleRules = [...new Set(rules)];
  }
  return values;
}
