import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/index.js';
import { startTestServer, type TestServer } from '../support/redline-server.js';
import { browserAvailable, launchBrowser } from './browser.js';

interface StoredMemory {
  id: string;
  content: string;
  sourceConversationId: string | null;
  sourceMessageId: string | null;
}

const fixture = fileURLToPath(new URL('../memory/fixtures/chatgpt-conversations.json', import.meta.url));

/** The Memory and Personalization pages, temporary chats and memories under answers, in the built UI. */
describe.skipIf(!browserAvailable())('memory and personalization in the web UI', () => {
  let upstream: FakeUpstream;
  let redline: TestServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const button = (name: string) => page.getByRole('button', { name, exact: true });
  const composer = () => page.getByRole('textbox', { name: 'Message' });
  const answer = () => page.locator('[data-role="assistant"]').last();
  const memoryRows = () => page.getByRole('list', { name: 'Saved memories' }).getByRole('listitem');
  const memoryRow = (text: string) => memoryRows().filter({ hasText: text });
  const storedMemories = async (): Promise<StoredMemory[]> => {
    const response = await redline.api('GET', '/api/memories');
    return ((await response.json()) as { memories: StoredMemory[] }).memories;
  };
  const listedTitles = async (): Promise<string[]> => {
    const response = await redline.api('GET', '/api/conversations');
    return ((await response.json()) as { conversations: { title: string }[] }).conversations.map((c) => c.title);
  };
  const sidebarLink = (name: string) => page.getByRole('navigation', { name: 'Personalization', exact: true }).getByRole('link', { name, exact: true });
  const chat = async (text: string) => {
    await page.getByRole('button', { name: 'New chat' }).first().click();
    await composer().fill(text);
    await composer().press('Enter');
    await page.waitForURL(/\/c\//);
    await expect.poll(() => answer().getAttribute('data-status'), { timeout: 20_000 }).toBe('complete');
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

  it('adds a memory on the Memory page, edits it in place, and the address keeps the page', async () => {
    await sidebarLink('Memory').click();
    await page.waitForURL(/\/memory$/);
    await page.getByText('Nothing saved yet').waitFor();

    await page.getByRole('textbox', { name: 'New memory' }).fill('My favourite colour is teal');
    await button('Add').click();
    await memoryRow('My favourite colour is teal').waitFor();

    await memoryRow('favourite colour').getByRole('button', { name: 'Edit memory' }).click();
    const editor = page.getByRole('textbox', { name: 'Memory text' });
    await editor.fill('My favourite colour is dark teal');
    await editor.press('Enter');
    await memoryRow('My favourite colour is dark teal').waitFor();
    await expect.poll(async () => (await storedMemories()).map((m) => m.content)).toEqual(['My favourite colour is dark teal']);

    // Reload keeps the page; the memory is still there.
    await page.reload();
    await memoryRow('dark teal').waitFor();
    expect(await page.title()).toBe('Memory · Redline');
    // A search that matches nothing says so.
    await page.getByRole('searchbox', { name: 'Search memories' }).fill('bicycle');
    await page.getByText('No memories match this search.').waitFor();
  });

  it('shows "Used 1 memory" under an answer that used it, with a link back to the Memory page', async () => {
    await chat('What is my favourite colour?');
    const used = answer().getByRole('button', { name: 'Used 1 memory' });
    await used.waitFor();
    await used.click();
    const panel = page.getByRole('region', { name: 'Memories used for this answer' });
    await panel.getByText('My favourite colour is dark teal').waitFor();
    await panel.getByRole('link', { name: 'Manage memories' }).click();
    await page.waitForURL(/\/memory$/);
    await memoryRow('dark teal').waitFor();
  });

  it('"Why do you know this?" opens the conversation at the message the memory came from', async () => {
    await chat('Remember that my sister is called Ana');
    const conversationPath = new URL(page.url()).pathname;
    // More turns, so the source message is not simply the one in view.
    for (let i = 0; i < 4; i++) {
      await composer().fill(`tell me more [[words:120]]`);
      await composer().press('Enter');
      await expect.poll(() => answer().getAttribute('data-status'), { timeout: 20_000 }).toBe('complete');
    }
    const source = (await storedMemories()).find((m) => m.content.includes('Ana'));
    expect(source?.sourceMessageId).toBeTruthy();

    await sidebarLink('Memory').click();
    await memoryRow('Ana').getByRole('button', { name: 'Why do you know this?' }).click();
    const why = page.getByRole('region', { name: 'Why Redline knows this' });
    await why.getByText('No earlier versions.').waitFor();
    await why.getByRole('link').click();
    await page.waitForURL((url) => url.pathname === conversationPath && url.searchParams.get('message') === source?.sourceMessageId);
    const row = page.locator(`.thread-row[data-focused] [data-message-id="${source?.sourceMessageId}"]`);
    await row.waitFor();
    await expect.poll(() => row.isVisible()).toBe(true);
    expect(await row.innerText()).toContain('my sister is called Ana');
    // The memory written by hand says where it came from: nowhere.
    await sidebarLink('Memory').click();
    await memoryRow('dark teal').getByRole('button', { name: 'Why do you know this?' }).click();
    await page.getByText(/There is no source message: you added this yourself/).waitFor();
  });

  it('deletes one memory, then all of them after a confirmation', async () => {
    const before = (await storedMemories()).length;
    expect(before).toBeGreaterThanOrEqual(2);
    await memoryRow('Ana').getByRole('button', { name: 'Delete memory' }).click();
    await expect.poll(() => memoryRow('Ana').count()).toBe(0);
    await expect.poll(async () => (await storedMemories()).some((m) => m.content.includes('Ana'))).toBe(false);

    await button('Delete all').click();
    const dialog = page.getByRole('alertdialog', { name: 'Delete all memories?' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await memoryRows().count()).toBe(before - 1);
    await button('Delete all').click();
    await dialog.getByRole('button', { name: 'Delete all' }).click();
    await page.getByText('Nothing saved yet').waitFor();
    await page.getByRole('status').filter({ hasText: /Deleted \d+ memor/ }).waitFor();
    expect(await storedMemories()).toEqual([]);
  });

  it('keeps the memory switches and custom instructions across a reload', async () => {
    await sidebarLink('Personalization').click();
    await page.waitForURL(/\/personalization$/);
    const memorySwitch = page.getByRole('switch', { name: 'Reference saved memories' });
    const historySwitch = page.getByRole('switch', { name: 'Reference chat history' });
    expect(await memorySwitch.getAttribute('aria-checked')).toBe('true');
    await memorySwitch.click();
    await historySwitch.click();
    expect(await memorySwitch.getAttribute('aria-checked')).toBe('false');

    const about = page.getByRole('textbox', { name: 'What should Redline know about you?' });
    await about.fill('I teach chemistry in Lyon.');
    await page.getByText('26 / 1,500').waitFor();
    await button('Save instructions').click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

    await page.reload();
    await expect.poll(() => memorySwitch.getAttribute('aria-checked')).toBe('false');
    expect(await historySwitch.getAttribute('aria-checked')).toBe('false');
    expect(await about.inputValue()).toBe('I teach chemistry in Lyon.');
    const stored = (await (await redline.api('GET', '/api/personalization')).json()) as { settings: Record<string, unknown> };
    expect(stored.settings).toMatchObject({ memoryEnabled: false, chatHistoryEnabled: false, aboutUser: 'I teach chemistry in Lyon.' });

    // Over the limit, the counter says so and nothing can be saved.
    await about.fill('x'.repeat(1501));
    await page.getByText('1,501 / 1,500, too long').waitFor();
    expect(await button('Save instructions').isDisabled()).toBe(true);

    await memorySwitch.click();
    await historySwitch.click();
    await expect.poll(async () => ((await (await redline.api('GET', '/api/personalization')).json()) as { settings: { memoryEnabled: boolean } }).settings.memoryEnabled).toBe(true);
  });

  it('a temporary chat is marked while open and never listed', async () => {
    await page.getByRole('button', { name: 'New chat' }).first().click();
    const toggle = button('Temporary');
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    await page.getByText(/This chat won't appear in your history/).waitFor();
    await composer().fill('Plans for a surprise party [[words:5]]');
    await composer().press('Enter');
    await page.waitForURL(/\/c\//);
    await expect.poll(() => answer().getAttribute('data-status'), { timeout: 20_000 }).toBe('complete');
    await page.getByRole('status').filter({ hasText: 'Temporary chat' }).waitFor();

    const list = page.getByRole('navigation', { name: 'Conversations' });
    expect(await list.getByText('Plans for a surprise party').count()).toBe(0);
    await page.reload();
    await answer().waitFor();
    await page.getByRole('status').filter({ hasText: 'Temporary chat' }).waitFor();
    await list.getByRole('link').first().waitFor();
    expect(await list.getByText(/surprise party/).count()).toBe(0);
    expect((await listedTitles()).some((t) => /surprise/i.test(t))).toBe(false);

    // A new chat is a regular one again.
    await page.getByRole('button', { name: 'New chat' }).first().click();
    expect(await button('Temporary').getAttribute('aria-pressed')).toBe('false');
  });

  it('imports a ChatGPT export by upload, shows what came in, and explains a file it cannot read', async () => {
    await sidebarLink('Personalization').click();
    const upload = page.getByLabel('Conversations file to import');

    await upload.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not json at all') });
    await page.getByRole('alert').filter({ hasText: 'notes.txt is not a JSON file' }).waitFor();

    await upload.setInputFiles(fixture);
    const result = page.getByRole('status').filter({ hasText: 'Imported 2 conversations' });
    await result.waitFor({ timeout: 20_000 });
    expect(await result.innerText()).toContain('from ChatGPT');
    expect(await result.innerText()).toMatch(/“Broken”.*not a valid conversation/);
    await page.getByRole('navigation', { name: 'Conversations' }).getByText('Kyoto trip').waitFor();
    expect(await listedTitles()).toEqual(expect.arrayContaining(['Kyoto trip', 'Photo question']));

    // The same file again skips what is already there.
    await upload.setInputFiles(fixture);
    await page.getByRole('status').filter({ hasText: '2 conversations already imported, skipped.' }).waitFor({ timeout: 20_000 });
    expect(pageErrors).toEqual([]);
  });
});
