import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashSecret, newSecret } from './secrets.js';

describe('hashSecret', () => {
  it('is the hex sha256 of the secret, the form stored for API keys and sessions', () => {
    // Stored hashes must stay comparable across versions: a change of digest or encoding would sign everyone out.
    expect(hashSecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const secret = newSecret('rl-');
    expect(hashSecret(secret)).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(hashSecret(secret)).not.toBe(hashSecret(newSecret('rl-')));
  });
});
