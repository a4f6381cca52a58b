import type { User } from './user-service.js';

interface Entry {
  user: User;
  /** The API key's or session's own id, to drop it when it is revoked. */
  credentialId: string;
  /** When this process must look again (the cache TTL, or the session's expiry if sooner). */
  until: number;
}

/**
 * Recently verified API keys and sessions, by the hash of their secret, so a request does not pay a
 * database round trip to learn who sent it. Revoking a key, ending a session or deleting a user in
 * this process drops its entries at once; another instance (several behind a load balancer) sees the
 * change within `ttlMs`. Unknown secrets are never cached, so a new key works at once.
 */
export class CredentialCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: { ttlMs: number; maxEntries: number; now?: () => number }) {}

  get(hash: string): User | null {
    const entry = this.entries.get(hash);
    if (!entry) return null;
    if (entry.until <= this.now()) {
      this.entries.delete(hash);
      return null;
    }
    return entry.user;
  }

  set(hash: string, entry: { user: User; credentialId: string; expiresAt?: Date }): void {
    // A crude bound: clearing costs one database read per live credential, once.
    if (this.entries.size >= this.options.maxEntries) this.entries.clear();
    const until = Math.min(this.now() + this.options.ttlMs, entry.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY);
    this.entries.set(hash, { user: entry.user, credentialId: entry.credentialId, until });
  }

  dropCredential(credentialId: string): void {
    for (const [hash, entry] of this.entries) if (entry.credentialId === credentialId) this.entries.delete(hash);
  }

  dropUser(userId: string): void {
    for (const [hash, entry] of this.entries) if (entry.user.id === userId) this.entries.delete(hash);
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}
