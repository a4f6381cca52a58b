import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/index.js';
import { startTestServer, type TestServer } from '../support/redline-server.js';
import { browserAvailable, launchBrowser } from './browser.js';

interface StoredMessage {
  id: string;
  role: string;
  metadata: { feedback?: { rating: string; reason: string | null } | null } | null;
}

/** Rating answers in the web UI: thumbs, the reason popover, persistence, clearing, and a failed save. */
describe.skipIf(!browserAvailable())('answer feedback in the web UI', () => {
  let upstream: FakeUpstream;
  let redline: TestServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const button = (name: string) => page.getByRole('button', { name, exact: true });
  const composer = () => page.getByRole('textbox', { name: 'Message' });
  const answer = () => page.locator('[data-role="assistant"]').last();
  const thumb = (name: 'Good answer' | 'Bad answer') => answer().getByRole('button', { name, exact: true });
  const conversationId = () => decodeURIComponent(new URL(page.url()).pathname.replace(/^\/c\//, ''));
  /** The server's copy of the rating on the last answer. */
  const storedFeedback = async () => {
    const response = await redline.api('GET', `/api/conversations/${conversationId()}`);
    const { messages } = (await response.json()) as { messages: StoredMessage[] };
    return messages.filter((m) => m.role === 'assistant').at(-1)?.metadata?.feedback ?? null;
  };

  beforeAll(async () => {
    upstream = await startFakeUpstream({ models: ['fake-model'] });
    redline = await startTestServer({ withUi: true, env: { OPENAI_BASE_URL: upstream.url } });
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(redline.url);
    await button('Continue as owner').click();
    await composer().waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await redline?.close();
    await upstream?.close();
  });

  it('rates an answer down with a quick reason, and the rating survives a reload', async () => {
    await composer().fill('tell me something [[words:30]]');
    await composer().press('Enter');
    await expect.poll(() => answer().getAttribute('data-status'), { timeout: 20_000 }).toBe('complete');
    expect(await thumb('Good answer').getAttribute('aria-pressed')).toBe('false');
    expect(await thumb('Bad answer').getAttribute('aria-pressed')).toBe('false');

    await thumb('Bad answer').click();
    // The rating is shown and saved at once; the popover asks why.
    expect(await thumb('Bad answer').getAttribute('aria-pressed')).toBe('true');
    const popover = page.getByRole('dialog', { name: 'What went wrong?' });
    await popover.waitFor();
    await expect.poll(storedFeedback).toMatchObject({ rating: 'down', reason: null });
    await popover.getByRole('button', { name: 'Too long', exact: true }).click();
    await popover.waitFor({ state: 'detached' });
    await expect.poll(storedFeedback).toMatchObject({ rating: 'down', reason: 'Too long' });

    await page.reload();
    await answer().waitFor();
    await expect.poll(() => thumb('Bad answer').getAttribute('aria-pressed')).toBe('true');
    expect(await thumb('Good answer').getAttribute('aria-pressed')).toBe('false');
    // Clicking the active thumb clears the rating.
    await answer().hover();
    await thumb('Bad answer').click();
    await expect.poll(() => thumb('Bad answer').getAttribute('aria-pressed')).toBe('false');
  });

  it('clears the rating with the active thumb, then rates up', async () => {
    await expect.poll(storedFeedback).toBeNull();
    expect(await page.getByRole('dialog', { name: 'What went wrong?' }).count()).toBe(0);

    await answer().hover();
    await thumb('Good answer').click();
    expect(await thumb('Good answer').getAttribute('aria-pressed')).toBe('true');
    expect(await thumb('Bad answer').getAttribute('aria-pressed')).toBe('false');
    await expect.poll(storedFeedback).toMatchObject({ rating: 'up' });

    await page.reload();
    await expect.poll(() => thumb('Good answer').getAttribute('aria-pressed')).toBe('true');
  });

  it('puts the rating back and shows a banner when saving fails', async () => {
    await page.route('**/feedback', (route) =>
      route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ error: { message: 'Feedback is down', code: 'internal' } }) }),
    );
    await answer().hover();
    await thumb('Bad answer').click();
    await page.getByRole('alert').filter({ hasText: 'Feedback is down' }).waitFor();
    expect(await thumb('Good answer').getAttribute('aria-pressed')).toBe('true');
    expect(await thumb('Bad answer').getAttribute('aria-pressed')).toBe('false');
    await page.unroute('**/feedback');
    await expect.poll(storedFeedback).toMatchObject({ rating: 'up' });
    expect(pageErrors).toEqual([]);
  });

  it('says how an answer was made: the auto route, a fallback, a continuation', async () => {
    const { store, owner } = redline.running.runtime;
    const conversation = await store.create(owner.id, { title: 'Made how', model: 'auto' });
    const started = await store.startTurn({ userId: owner.id, conversation, user: { content: 'hi', parentId: null }, assistantParentId: null, model: 'auto' });
    await store.finishMessage(owner.id, started.assistantMessage.id, {
      status: 'complete',
      content: 'Hello!',
      metadata: {
        route: { name: 'fast', model: 'lab:small', reason: 'short, simple turn' },
        answeredBy: 'lab:backup',
        continuations: [{ atChar: 3, provider: 'lab:backup' }],
      },
    });
    await page.goto(`${redline.url}/c/${conversation.id}`);
    const label = answer().locator('.answer-label');
    await label.waitFor();
    expect(await label.innerText()).toMatch(/Auto → small\s*·?\s*answered by lab:backup\s*·?\s*continued/);
    expect(await label.getByText('Auto → small').getAttribute('title')).toBe('Auto picked lab:small: short, simple turn');
    expect(await label.getByText('continued').getAttribute('title')).toContain('character 3');
  });
});
