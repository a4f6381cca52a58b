import { describe, expect, it } from 'vitest';
import { CredentialCache } from './credential-cache.js';
import type { User } from './user-service.js';

const user = (id: string): User => ({ id, email: `${id}@x`, name: id, role: 'user', hasPassword: true, createdAt: new Date(0) });

describe('CredentialCache', () => {
  it('remembers a verified credential until its TTL or its own expiry, whichever is first', () => {
    const clock = { t: 1000 };
    const cache = new CredentialCache({ ttlMs: 100, maxEntries: 10, now: () => clock.t });
    cache.set('key-hash', { user: user('a'), credentialId: 'k1' });
    cache.set('session-hash', { user: user('a'), credentialId: 's1', expiresAt: new Date(1050) });
    expect(cache.get('key-hash')?.id).toBe('a');
    clock.t = 1050;
    expect(cache.get('session-hash')).toBeNull();
    expect(cache.get('key-hash')?.id).toBe('a');
    clock.t = 1100;
    expect(cache.get('key-hash')).toBeNull();
  });

  it('forgets a revoked credential and every credential of a deleted user at once', () => {
    const cache = new CredentialCache({ ttlMs: 60_000, maxEntries: 10 });
    cache.set('h1', { user: user('a'), credentialId: 'k1' });
    cache.set('h2', { user: user('a'), credentialId: 'k2' });
    cache.set('h3', { user: user('b'), credentialId: 'k3' });
    cache.dropCredential('k1');
    expect(cache.get('h1')).toBeNull();
    expect(cache.get('h2')?.id).toBe('a');
    cache.dropUser('a');
    expect(cache.get('h2')).toBeNull();
    expect(cache.get('h3')?.id).toBe('b');
  });

  it('stays bounded', () => {
    const cache = new CredentialCache({ ttlMs: 60_000, maxEntries: 2 });
    for (const id of ['1', '2', '3']) cache.set(id, { user: user(id), credentialId: id });
    expect([cache.get('1'), cache.get('2'), cache.get('3')?.id]).toEqual([null, null, '3']);
  });
});
