import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/index.js';
import { startTestServer, type TestServer } from '../support/redline-server.js';
import { browserAvailable, launchBrowser } from './browser.js';

/** Tool calls under an answer in the built UI: one collapsed line each, opened for input and result. */
describe.skipIf(!browserAvailable())('tool calls in the web UI', () => {
  let upstream: FakeUpstream;
  let redline: TestServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    upstream = await startFakeUpstream({ models: ['fake-model'] });
    redline = await startTestServer({ withUi: true, env: { OPENAI_BASE_URL: upstream.url } });
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(redline.url);
    await page.getByRole('button', { name: 'Continue as owner', exact: true }).click();
    await page.getByRole('textbox', { name: 'Message' }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await redline?.close();
    await upstream?.close();
  });

  it('shows each tool as a collapsed line that opens to its input and result, also after a reload', async () => {
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill('What is 2^100? [[tool:calculator {"expression":"2^100"}]]');
    await composer.press('Enter');
    const answer = page.locator('[data-role="assistant"]').last();
    await expect.poll(() => answer.getAttribute('data-status'), { timeout: 20_000 }).toBe('complete');
    const tools = answer.getByRole('list', { name: 'Tools used' });
    const call = tools.getByRole('listitem');
    await expect.poll(() => call.count()).toBe(1);
    expect(await call.locator('summary').innerText()).toMatch(/Calculated\s+2\^100\s+\d+ ms/);
    // Collapsed: the result is not shown until opened.
    expect(await call.getByText('1267650600228229401496703205376').isVisible()).toBe(false);
    await call.locator('summary').click();
    await call.getByText('1267650600228229401496703205376').waitFor();
    expect(await answer.locator('.assistant-body').innerText()).toContain('Tool result: 1267650600228229401496703205376');

    await page.reload();
    const again = page.locator('[data-role="assistant"]').last().getByRole('list', { name: 'Tools used' }).getByRole('listitem');
    await again.waitFor();
    expect(await again.locator('summary').innerText()).toContain('Calculated');
    expect(pageErrors).toEqual([]);
  });

  it('marks a failed call, and the answer still completes', async () => {
    await page.getByRole('button', { name: 'New chat' }).first().click();
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill('Divide [[tool:calculator {"expression":"2 +* 3"}]]');
    await composer.press('Enter');
    const answer = page.locator('[data-role="assistant"]').last();
    await expect.poll(() => answer.getAttribute('data-status'), { timeout: 20_000 }).toBe('complete');
    const call = answer.getByRole('listitem');
    expect(await call.getAttribute('data-status')).toBe('error');
    expect(await call.locator('summary').innerText()).toContain('Calculated: failed');
  });
});
