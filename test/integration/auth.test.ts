import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { createRuntime, isLoopback } from '../../src/server/index.js';
import { startTestServer, type TestServer } from '../support/redline-server.js';

const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('signing in', () => {
  describe('when a password is required', () => {
    let redline: TestServer;
    beforeAll(async () => {
      redline = await startTestServer({ env: { REDLINE_REQUIRE_PASSWORD: '1', REDLINE_OWNER_PASSWORD: 'owner-secret-1' } });
    });
    afterAll(() => redline?.close());

    it('refuses the one-click owner sign-in and accepts the password', async () => {
      const status = await (await fetch(`${redline.url}/api/auth/status`)).json();
      expect(status).toMatchObject({ authenticated: false, passwordless: false });
      expect((await fetch(`${redline.url}/api/auth/login`, json({}))).status).toBe(401);
      expect((await fetch(`${redline.url}/api/auth/login`, json({ email: 'owner@localhost', password: 'wrong' }))).status).toBe(401);
      const ok = await fetch(`${redline.url}/api/auth/login`, json({ email: 'OWNER@localhost', password: 'owner-secret-1' }));
      expect(ok.status).toBe(200);
      const cookie = ok.headers.get('set-cookie')!;
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      const me = await fetch(`${redline.url}/api/me`, { headers: { cookie: cookie.split(';')[0] } });
      expect((await me.json()).user.role).toBe('owner');
    });

    it('keeps the app API closed without a session or key, and signs out', async () => {
      expect((await fetch(`${redline.url}/api/conversations`)).status).toBe(401);
      const login = await fetch(`${redline.url}/api/auth/login`, json({ email: 'owner@localhost', password: 'owner-secret-1' }));
      const cookie = login.headers.get('set-cookie')!.split(';')[0];
      expect((await fetch(`${redline.url}/api/conversations`, { headers: { cookie } })).status).toBe(200);
      await fetch(`${redline.url}/api/auth/logout`, { method: 'POST', headers: { cookie } });
      expect((await fetch(`${redline.url}/api/conversations`, { headers: { cookie } })).status).toBe(401);
    });

    it('stops accepting an API key the moment it is deleted, though keys are remembered between requests', async () => {
      const login = await fetch(`${redline.url}/api/auth/login`, json({ email: 'owner@localhost', password: 'owner-secret-1' }));
      const cookie = login.headers.get('set-cookie')!.split(';')[0];
      const created = await (await fetch(`${redline.url}/api/keys`, { ...json({ name: 'soon gone' }), headers: { cookie, 'content-type': 'application/json' } })).json();
      const withKey = () => fetch(`${redline.url}/api/conversations`, { headers: { authorization: `Bearer ${created.secret}` } });
      expect((await withKey()).status).toBe(200);
      expect((await withKey()).status).toBe(200);
      expect((await fetch(`${redline.url}/api/keys/${created.key.id}`, { method: 'DELETE', headers: { cookie } })).status).toBe(200);
      expect((await withKey()).status).toBe(401);
    });

    it('does not take a session token as an API key, even while the session is remembered', async () => {
      const login = await fetch(`${redline.url}/api/auth/login`, json({ email: 'owner@localhost', password: 'owner-secret-1' }));
      const cookie = login.headers.get('set-cookie')!.split(';')[0];
      // The session is now verified and remembered by this process.
      expect((await fetch(`${redline.url}/api/conversations`, { headers: { cookie } })).status).toBe(200);
      const token = cookie.slice(cookie.indexOf('=') + 1);
      const asKey = await fetch(`${redline.url}/api/conversations`, { headers: { authorization: `Bearer ${token}` } });
      expect(asKey.status).toBe(401);
    });

    it('changes a password only with the current one', async () => {
      const login = await fetch(`${redline.url}/api/auth/login`, json({ email: 'owner@localhost', password: 'owner-secret-1' }));
      const cookie = login.headers.get('set-cookie')!.split(';')[0];
      const change = (body: unknown) => fetch(`${redline.url}/api/me/password`, { ...json(body), headers: { cookie, 'content-type': 'application/json' } });
      expect((await change({ currentPassword: 'nope', newPassword: 'owner-secret-2' })).status).toBe(401);
      expect((await change({ currentPassword: 'owner-secret-1', newPassword: 'short' })).status).toBe(400);
      expect((await change({ currentPassword: 'owner-secret-1', newPassword: 'owner-secret-2' })).status).toBe(200);
      expect((await fetch(`${redline.url}/api/auth/login`, json({ email: 'owner@localhost', password: 'owner-secret-2' }))).status).toBe(200);
    });
  });

  it('generates and reports an owner password when bound beyond loopback', async () => {
    expect(isLoopback('127.0.0.1') && isLoopback('localhost') && isLoopback('::1')).toBe(true);
    expect(isLoopback('0.0.0.0') || isLoopback('192.168.1.5')).toBe(false);
    // Built but not listening: no socket is opened on a public address.
    const config = loadConfig({ HOST: '0.0.0.0', REDLINE_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'redline-auth-')), REDLINE_DETECT_OLLAMA: '0' });
    const runtime = await createRuntime(config, { inMemory: true, logger: pino({ level: 'silent' }), webDir: null });
    try {
      expect(runtime.generatedOwnerPassword).toMatch(/^[A-Za-z0-9_-]{16}$/);
      const response = await runtime.app.request('/api/auth/status');
      expect((await response.json()).passwordless).toBe(false);
      const login = await runtime.app.request('/api/auth/login', json({ email: 'owner@localhost', password: runtime.generatedOwnerPassword }));
      expect(login.status).toBe(200);
    } finally {
      await runtime.close();
    }
  });
});
