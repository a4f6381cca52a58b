import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loremWords, startFakeUpstream, type FakeUpstream } from '../fake-upstream/index.js';
import { startTestServer, type TestServer } from '../support/redline-server.js';
import { browserAvailable, launchBrowser } from './browser.js';

/** Reliable streams in the UI: a reload mid-answer follows the answer on, a dropped connection is picked up, a stopped answer continues. */
describe.skipIf(!browserAvailable())('resuming answers in the web UI', () => {
  let upstream: FakeUpstream;
  let redline: TestServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const expected = loremWords(200);

  const button = (name: string) => page.getByRole('button', { name, exact: true });
  const composer = () => page.getByRole('textbox', { name: 'Message' });
  const answer = () => page.locator('[data-role="assistant"]').last();
  const idle = () => button('Send').waitFor({ timeout: 20_000 });
  const send = async (text: string) => {
    await composer().fill(text);
    await composer().press('Enter');
  };
  /** The answer as shown, whitespace collapsed (Markdown renders the words as one paragraph). */
  const shownText = async () => {
    const markdown = answer().locator('.markdown');
    return (await markdown.count()) === 0 ? '' : (await markdown.innerText()).replace(/\s+/g, ' ').trim();
  };
  const shownWords = async () => (await shownText()).split(' ').filter(Boolean).length;
  /** The server's copy of the answer. */
  const stored = async (conversationId: string, messageId: string) => {
    const response = await redline.api('GET', `/api/conversations/${conversationId}`);
    const { messages } = (await response.json()) as { messages: { id: string; content: string; status: string }[] };
    return messages.find((m) => m.id === messageId);
  };
  const conversationId = () => decodeURIComponent(new URL(page.url()).pathname.replace(/^\/c\//, ''));

  /**
   * Samples the shown answer until it is complete: every sample must be a prefix of `full`, never
   * shorter than the one before (the answer never restarts, nothing is repeated). Returns the lengths.
   */
  const watchUntilComplete = async (full: string) => {
    const lengths: number[] = [];
    const deadline = Date.now() + 20_000;
    for (;;) {
      const status = await answer().getAttribute('data-status');
      const text = await shownText();
      expect(full.startsWith(text), `"${text.slice(-60)}" is not a prefix of the expected answer`).toBe(true);
      expect(text.length).toBeGreaterThanOrEqual(lengths.at(-1) ?? 0);
      lengths.push(text.length);
      if (status === 'complete') return lengths;
      expect(Date.now()).toBeLessThan(deadline);
      await page.waitForTimeout(100);
    }
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

  it('keeps growing an answer after a reload mid-answer, without restarting it', async () => {
    await send('tell me a long story [[words:200]] [[delay:20]]');
    await button('Stop').waitFor();
    await expect.poll(shownWords, { timeout: 10_000 }).toBeGreaterThan(15);
    const beforeReload = await shownText();
    expect(expected.startsWith(beforeReload)).toBe(true);

    await page.reload();
    // Attached: shown as a live answer, with a Stop button, and it keeps growing from where it was.
    await button('Stop').waitFor();
    expect(await answer().getAttribute('data-status')).toBe('streaming');
    const lengths = await watchUntilComplete(expected);
    expect(new Set(lengths.filter((n) => n < expected.length)).size, 'grew in several steps after the reload').toBeGreaterThan(2);
    expect(lengths.some((n) => n > beforeReload.length && n < expected.length)).toBe(true);

    expect(await shownText()).toBe(expected);
    await idle();
    const id = (await answer().getAttribute('data-message-id')) as string;
    expect(await stored(conversationId(), id)).toMatchObject({ content: expected, status: 'complete' });
  });

  it('picks a dropped connection up again and appends only what follows', async () => {
    const resumes: (string | undefined)[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/stream')) resumes.push(request.headers()['last-event-id']);
    });
    await button('New chat').click();
    await send('another long story [[words:200]] [[delay:20]]');
    await button('Stop').waitFor();
    await expect.poll(shownWords, { timeout: 10_000 }).toBeGreaterThan(15);

    // The connection breaks (the server keeps writing the answer): the UI says so and picks it up again.
    (redline.running.server as Server).closeAllConnections();
    await answer().locator('.status-badge', { hasText: 'Reconnecting' }).waitFor({ timeout: 5_000 });
    await watchUntilComplete(expected);
    expect(await shownText()).toBe(expected);
    await idle();
    expect(resumes.length).toBeGreaterThan(0);
    expect(resumes[0], 'the reconnect resumes after the last event received').toMatch(/^\d+$/);
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('continues a stopped answer in place: it ends longer, with its start unchanged', async () => {
    await button('New chat').click();
    await send('a story to stop [[words:200]] [[delay:20]]');
    await button('Stop').waitFor();
    await expect.poll(shownWords, { timeout: 10_000 }).toBeGreaterThan(15);
    await button('Stop').click();
    await idle();
    await expect.poll(() => answer().getAttribute('data-status')).toBe('stopped');
    const id = (await answer().getAttribute('data-message-id')) as string;
    const before = await stored(conversationId(), id);
    expect(before?.status).toBe('stopped');
    const shownBefore = await shownText();

    await answer().getByRole('button', { name: 'Continue', exact: true }).click();
    await expect.poll(() => answer().getAttribute('data-status'), { timeout: 20_000 }).toBe('complete');
    await idle();

    // The same row grew: no new branch, the same message id, the old text first.
    expect(await page.locator('[data-role="assistant"]').count()).toBe(1);
    expect(await answer().getAttribute('data-message-id')).toBe(id);
    expect(await answer().getByRole('group', { name: 'Branches' }).count()).toBe(0);
    const shownAfter = await shownText();
    expect(shownAfter.startsWith(shownBefore)).toBe(true);
    expect(shownAfter.length).toBeGreaterThan(shownBefore.length);
    const after = await stored(conversationId(), id);
    expect(after?.status).toBe('complete');
    expect(after?.content.startsWith(before?.content ?? '')).toBe(true);
    expect(after?.content.length).toBeGreaterThan(before?.content.length ?? 0);
    expect(pageErrors).toEqual([]);
  });
});
