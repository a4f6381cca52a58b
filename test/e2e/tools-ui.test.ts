import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/index.js';
import { startTestServer, type TestServer } from '../support/redline-server.js';
import { browserAvailable, launchBrowser, openSignedIn } from './browser.js';

/** Tool calls and reasoning under an answer in the built UI: one collapsed line each, opened for the detail. */
describe.skipIf(!browserAvailable())('tool calls and reasoning in the web UI', () => {
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

  it('thinks harder when switched on: the reasoning streams into a collapsed "Thought for" line above the answer', async () => {
    await page.getByRole('button', { name: 'New chat' }).first().click();
    const think = page.getByRole('button', { name: 'Think' });
    await think.click();
    expect(await think.getAttribute('aria-pressed')).toBe('true');
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill('Why is the sky blue? [[reasoning:4]]');
    await composer.press('Enter');
    const answer = page.locator('[data-role="assistant"]').last();
    await expect.poll(() => answer.getAttribute('data-status'), { timeout: 20_000 }).toBe('complete');
    const block = answer.locator('.reasoning-block');
    expect(await block.locator('summary').innerText()).toMatch(/Thought for \d+ words/);
    const working = block.getByText('Plan: read the question.', { exact: false });
    expect(await working.isVisible()).toBe(false);
    await block.locator('summary').click();
    await working.waitFor();
    // The answer itself carries none of the working.
    expect(await answer.locator('.markdown').innerText()).toBe('You said: Why is the sky blue?');

    await page.reload();
    await page.locator('[data-role="assistant"]').last().locator('.reasoning-block').waitFor();
    // A fresh page starts without it: thinking harder is slower, so it is asked for each session.
    expect(await page.getByRole('button', { name: 'Think' }).getAttribute('aria-pressed')).toBe('false');
    expect(pageErrors).toEqual([]);
  });
});
