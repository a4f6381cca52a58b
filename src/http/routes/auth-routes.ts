import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { AuthError } from '../../users/index.js';
import type { AppDeps, AppEnv } from '../context.js';
import { SESSION_COOKIE } from '../middleware/authenticate.js';
import { readJson } from '../read-json.js';

const loginSchema = z.object({ email: z.string().trim().min(1).optional(), password: z.string().optional() });

/** Sign in and out with the UI's session cookie. */
export function authRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.get('/status', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    const user = token ? await deps.users.userForSession(token) : null;
    return c.json({ authenticated: user !== null, user, passwordless: deps.passwordless });
  });

  app.post('/login', async (c) => {
    const body = await readJson(c, loginSchema);
    let user;
    if (body.email) {
      user = await deps.users.verifyLogin(body.email, body.password ?? '');
    } else if (deps.passwordless) {
      user = await deps.users.ensureOwner();
    } else {
      throw new AuthError('Enter your email and password.', 'credentials_required');
    }
    const session = await deps.users.createSession(user.id);
    setCookie(c, SESSION_COOKIE, session.token, { httpOnly: true, sameSite: 'Lax', path: '/', expires: session.expiresAt, secure: new URL(c.req.url).protocol === 'https:' });
    return c.json({ user });
  });

  app.post('/logout', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await deps.users.deleteSession(token);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.json({ ok: true });
  });

  return app;
}
