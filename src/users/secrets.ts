import * as crypto from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';

/** A new random secret with a recognisable prefix ("rl-..." for API keys). */
export function newSecret(prefix: string): string {
  return `${prefix}${crypto.randomBytes(32).toString('base64url')}`;
}

/**
 * sha256 of a high-entropy secret (API keys, session tokens). A slow hash is not needed for 256-bit
 * random secrets and would add milliseconds to every authenticated request.
 */
export function hashSecret(secret: string): string {
  // The one-shot `crypto.hash` (Node 20.12+) skips building a Hash object: it runs on every API call.
  return oneShot ? oneShot('sha256', secret, 'hex') : crypto.createHash('sha256').update(secret).digest('hex');
}

const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

/** Argon2id for human passwords, which are low-entropy. */
export function hashPassword(password: string): Promise<string> {
  return argonHash(password);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argonVerify(hash, password);
  } catch {
    return false;
  }
}
