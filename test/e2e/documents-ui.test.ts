import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/index.js';
import { startTestServer, type TestServer } from '../support/redline-server.js';
import { browserAvailable, launchBrowser, openSignedIn } from './browser.js';

const POLICY = [
  '# Refund policy',
  '',
  '## Refund window',
  '',
  'The refund window is 30 days from delivery. Refunds are paid back to the original payment method within 5 business days.',
  '',
  '## Exceptions',
  '',
  'Gift cards and opened software cannot be refunded.',
].join('\n');

// The 8-byte PNG signature and an IHDR start: an image, which the server refuses.
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01]);

/** Projects, files and citations in the built UI: a project made by hand, a file indexed, an answer that cites it. */
describe.skipIf(!browserAvailable())('projects, documents and citations in the web UI', () => {
  let upstream: FakeUpstream;
  let redline: TestServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    upstream = await startFakeUpstream({ models: ['fake-model'] });
    redline = await startTestServer({ withUi: true, env: { OPENAI_BASE_URL: upstream.url } });
    browser = await launchBrowser();
    page = await openSignedIn(browser, redline.url, pageErrors);
  });
  afterAll(async () => {
    await browser?.close();
    await redline?.close();
    await upstream?.close();
  });

  it('creates a project, indexes a Markdown file, and answers in the project with a citation that opens its passage', async () => {
    await page.getByRole('button', { name: 'New project' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New project' });
    await dialog.getByRole('textbox', { name: 'Project name' }).fill('Support policies');
    await dialog.getByRole('button', { name: 'Create project' }).click();
    // Wait for the page, not the dialog: its own "Project name" box holds the same text until it closes.
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/projects\//);
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByRole('textbox', { name: 'Project name' }).inputValue()).toBe('Support policies');
    // Listed in the sidebar.
    await page.getByRole('link', { name: 'Support policies' }).waitFor();

    await page.getByLabel('Files to add to Support policies').setInputFiles({ name: 'refunds.md', mimeType: 'text/markdown', buffer: Buffer.from(POLICY) });
    const files = page.getByRole('list', { name: 'Files of Support policies' });
    const row = files.getByRole('listitem').filter({ hasText: 'refunds.md' });
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 30_000 }).toBe('ready');
    expect(await row.innerText()).toMatch(/\d+ passages?/);

    const composer = page.getByRole('textbox', { name: 'New chat in Support policies' });
    await composer.fill('How long is the refund window for a refund? [1]');
    await composer.press('Enter');
    await page.waitForURL(/\/c\//);
    const answer = page.locator('[data-role="assistant"]').last();
    await expect.poll(() => answer.getAttribute('data-status'), { timeout: 30_000 }).toBe('complete');
    // The thread header names the project.
    expect(await page.locator('.app-header').getByRole('link', { name: 'Support policies' }).isVisible()).toBe(true);

    // The echo contains a literal [1], and source 1 exists: it is a citation button, not text.
    const citation = answer.getByRole('button', { name: /^Source 1/ });
    await citation.waitFor();
    expect(await answer.locator('.markdown').innerText()).not.toContain('[1]');
    await answer.getByRole('group', { name: 'Sources' }).getByRole('button', { name: 'refunds.md' }).waitFor();
    // The check ran: a verdict under the answer.
    await expect.poll(() => answer.locator('.verification-summary').innerText(), { timeout: 10_000 }).toMatch(/sentences? (not )?supported by the sources|Supported by the sources|Not supported/);

    await citation.click();
    const panel = page.getByRole('complementary', { name: 'Source' });
    await panel.waitFor();
    expect(await panel.getByRole('heading', { name: 'refunds.md' }).isVisible()).toBe(true);
    expect(await panel.locator('.source-text').innerText()).toMatch(/refund/i);
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    expect(pageErrors).toEqual([]);
  });

  it("shows the server's reason when a file is refused", async () => {
    await page.getByRole('link', { name: 'Support policies' }).first().click();
    const input = page.getByLabel('Files to add to Support policies');
    await input.setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: PNG });
    const row = page.getByRole('list', { name: 'Files of Support policies' }).getByRole('listitem').filter({ hasText: 'photo.png' });
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 15_000 }).toBe('failed');
    const reason = await row.getByRole('alert').innerText();
    expect(reason).toMatch(/Supported formats/);
    // A refused file can be dismissed; the indexed one stays.
    await row.getByRole('button', { name: 'Dismiss photo.png' }).click();
    await row.waitFor({ state: 'detached' });
    expect(await page.getByRole('list', { name: 'Files of Support policies' }).getByRole('listitem').count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});
