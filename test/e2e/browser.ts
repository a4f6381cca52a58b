import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** True when the browser tests can run; on CI a missing browser is a failure, not a skip. */
export function browserAvailable(): boolean {
  if (existsSync(chromiumPath)) return true;
  if (process.env.CI) throw new Error(`Chromium not found at ${chromiumPath}: .ci/run installs Debian's chromium package.`);
  return false;
}

/** Debian's Chromium, headless, with the background networking that this closed network refuses turned off. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
}

/**
 * A desktop-sized page signed in as the owner (the one-click loopback sign-in), at the composer.
 * Uncaught page errors are collected in `pageErrors`, for a test to assert there were none.
 */
export async function openSignedIn(browser: Browser, url: string, pageErrors: string[]): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(url);
  await page.getByRole('button', { name: 'Continue as owner', exact: true }).click();
  await page.getByRole('textbox', { name: 'Message' }).waitFor();
  return page;
}
