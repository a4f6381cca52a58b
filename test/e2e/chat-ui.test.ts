import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/index.js';
import { startTestServer, type TestServer } from '../support/redline-server.js';
import { browserAvailable, launchBrowser } from './browser.js';

describe.skipIf(!browserAvailable())('the web UI in headless Chromium', () => {
  let upstream: FakeUpstream;
  let redline: TestServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const button = (name: string) => page.getByRole('button', { name, exact: true });
  const composer = () => page.getByRole('textbox', { name: 'Message' });
  const assistants = () => page.locator('[data-role="assistant"]');
  const users = () => page.locator('[data-role="user"]');
  const idle = () => button('Send').waitFor({ timeout: 20_000 });
  const send = async (text: string) => {
    await composer().fill(text);
    await composer().press('Enter');
  };

  beforeAll(async () => {
    upstream = await startFakeUpstream({ models: ['fake-model', 'fake-model-2'] });
    redline = await startTestServer({ withUi: true, env: { OPENAI_BASE_URL: upstream.url } });
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('dialog', (d) => {
      pageErrors.push(`a dialog opened: ${d.message()}`);
      void d.dismiss();
    });
  });
  afterAll(async () => {
    await browser?.close();
    await redline?.close();
    await upstream?.close();
  });

  it('signs in as the owner on loopback with one click', async () => {
    await page.goto(redline.url);
    await button('Continue as owner').click();
    await composer().waitFor();
  });

  it('sends a message and shows the answer streaming in', async () => {
    await send('hello browser [[words:60]] [[delay:20]]');
    // Mid-stream: the Stop button shows and the answer grows.
    await button('Stop').waitFor();
    const early = (await assistants().last().innerText()).length;
    await page.waitForTimeout(400);
    const later = (await assistants().last().innerText()).length;
    expect(later).toBeGreaterThan(early);
    await idle();
    expect(await users().last().innerText()).toContain('hello browser');
    expect(new URL(page.url()).pathname).toMatch(/^\/c\//);
  });

  it('stops an answer and keeps the partial text', async () => {
    await send('[[words:150]] [[delay:20]] long answer please');
    await button('Stop').waitFor();
    await page.waitForTimeout(700);
    await button('Stop').click();
    await idle();
    await expect.poll(() => assistants().last().getAttribute('data-status')).toBe('stopped');
    const partial = await assistants().last().locator('.markdown').innerText();
    expect(partial.split(/\s+/).length).toBeGreaterThan(3);
    expect(partial.split(/\s+/).length).toBeLessThan(150);
  });

  it('after a reload, finds the conversation by search and shows its messages', async () => {
    await page.reload();
    await composer().waitFor();
    await button('New chat').click();
    await page.getByRole('searchbox', { name: 'Search conversations' }).fill('hello browser');
    const result = page.getByRole('navigation', { name: 'Search results' }).getByRole('link').first();
    await result.waitFor();
    await result.click();
    await users().first().waitFor();
    expect(await users().first().innerText()).toContain('hello browser');
    expect(await assistants().last().getAttribute('data-status')).toBe('stopped');
    await page.getByRole('searchbox', { name: 'Search conversations' }).fill('');
  });

  it('regenerates an answer and switches between the branches', async () => {
    const last = assistants().last();
    const before = await last.locator('.markdown').innerText();
    await last.hover();
    await last.getByRole('button', { name: 'Regenerate' }).click();
    await idle();
    await assistants().last().filter({ hasText: '2 / 2' }).waitFor();
    await assistants().last().getByRole('button', { name: 'Previous branch' }).click();
    await assistants().last().filter({ hasText: '1 / 2' }).waitFor();
    expect(await assistants().last().locator('.markdown').innerText()).toBe(before);
    await assistants().last().getByRole('button', { name: 'Next branch' }).click();
    await assistants().last().filter({ hasText: '2 / 2' }).waitFor();
    // The choice is persisted: a reload shows the same branch.
    await page.reload();
    await assistants().last().filter({ hasText: '2 / 2' }).waitFor();
  });

  it('edits a past message into a new branch', async () => {
    await users().last().hover();
    await users().last().getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('textbox', { name: 'Edit message' }).fill('edited question');
    await button('Save & send').click();
    await assistants().last().filter({ hasText: 'You said: edited question' }).waitFor();
    await idle();
    await users().last().filter({ hasText: '2 / 2' }).waitFor();
  });

  it('shows a model failure in a banner with Retry', async () => {
    await send('please fail [[error:500]]');
    const alert = page.getByRole('alert').filter({ hasText: '500' });
    await alert.waitFor();
    expect(await assistants().last().getAttribute('data-status')).toBe('failed');
  });

  it('renders Markdown and code, and never runs HTML from the model', async () => {
    await button('New chat').click();
    await send('[[markdown]]');
    await idle();
    const last = assistants().last();
    await last.locator('table').waitFor();
    await last.locator('.code-block .shiki').waitFor({ timeout: 10_000 });
    expect(await last.locator('script').count()).toBe(0);
    expect(await last.locator('img[onerror]').count()).toBe(0);
    expect(await last.innerText()).toContain('<script>alert(1)</script>');
    expect(pageErrors).toEqual([]);
  });
});
