import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { AuthError, type UserService } from '../../users/index.js';
import type { AppEnv } from '../context.js';

export const SESSION_COOKIE = 'redline_session';

/** The API key of an `Authorization: Bearer <key>` header, or null for any other form. */
export function apiKeyFrom(header: string): string | null {
  return /^Bearer\s+(.+)$/i.exec(header.trim())?.[1].trim() ?? null;
}

/**
 * Resolves the user from `Authorization: Bearer <api key>` or, when `allowSession`, the UI's
 * session cookie. Sets `c.var.user`; answers 401 otherwise.
 */
export function authenticate(users: UserService, options: { allowSession: boolean }) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('authorization');
    if (header) {
      const key = apiKeyFrom(header);
      const user = key ? await users.userForApiKey(key) : null;
      if (!user) throw new AuthError('Incorrect API key provided. Create one in Settings → API keys or with `npx redline keys create`.', 'invalid_api_key');
      c.set('user', user);
      return next();
    }
    const token = options.allowSession ? getCookie(c, SESSION_COOKIE) : undefined;
    const user = token ? await users.userForSession(token) : null;
    if (!user) {
      throw new AuthError(
        options.allowSession ? 'Not signed in.' : 'You did not provide an API key. Send it as `Authorization: Bearer <key>`.',
        options.allowSession ? 'not_signed_in' : 'missing_api_key',
      );
    }
    c.set('user', user);
    return next();
  });
}
