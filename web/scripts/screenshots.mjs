// Screenshots of the built UI against a running Redline server, for looking at it (not a test).
// Usage: node web/scripts/screenshots.mjs [baseUrl=http://127.0.0.1:8080] [outDir=/tmp/redline-shots]
// The server should use the fake upstream (OPENAI_BASE_URL=http://127.0.0.1:9100/v1) for the directives below.
import { mkdir } from 'node:fs/promises';
import { chromium } from 'playwright-core';

const base = process.argv[2] ?? 'http://127.0.0.1:8080';
const out = process.argv[3] ?? '/tmp/redline-shots';
await mkdir(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
});

const problems = [];
async function newPage(options) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`[console.${msg.type()}] ${msg.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`[pageerror] ${error.message}`));
  return { context, page };
}

const shot = async (page, name) => {
  await page.screenshot({ path: `${out}/${name}.png` });
  console.log(`wrote ${out}/${name}.png`);
};

async function signIn(page) {
  await page.goto(base);
  const owner = page.getByRole('button', { name: 'Continue as owner' });
  const composer = page.getByRole('textbox', { name: 'Message' });
  await Promise.race([owner.waitFor(), composer.waitFor()]);
  if (await owner.isVisible()) await owner.click();
  await composer.waitFor();
}

async function send(page, text) {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
}

const waitIdle = (page) => page.getByRole('button', { name: 'Send', exact: true }).waitFor({ timeout: 30_000 });

for (const scheme of ['light', 'dark']) {
  const { context, page } = await newPage({ viewport: { width: 1280, height: 800 }, colorScheme: scheme });
  await page.goto(base);
  await page.waitForTimeout(400);
  await shot(page, `desktop-${scheme}-0-signin`);
  await signIn(page);
  await page.waitForTimeout(300);
  await shot(page, `desktop-${scheme}-1-empty`);

  await send(page, `Show me markdown [[markdown]]`);
  await waitIdle(page);
  await page.waitForTimeout(800);
  await shot(page, `desktop-${scheme}-2-markdown`);

  await send(page, '[[words:400]] [[delay:15]] Tell me a long story');
  await page.waitForTimeout(1500);
  await shot(page, `desktop-${scheme}-3-streaming`);
  await waitIdle(page);

  await send(page, 'Break please [[error:500]]');
  await waitIdle(page);
  await page.waitForTimeout(300);
  await shot(page, `desktop-${scheme}-4-error`);

  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByRole('dialog', { name: 'Settings' }).waitFor();
  await page.waitForTimeout(300);
  await shot(page, `desktop-${scheme}-5-settings`);
  await page.getByRole('tab', { name: 'API keys' }).click();
  await page.getByRole('button', { name: 'Create key' }).click();
  await page.getByText('Copy this key now').waitFor();
  await shot(page, `desktop-${scheme}-6-keys`);
  await context.close();
}

for (const scheme of ['light', 'dark']) {
  const { context, page } = await newPage({ viewport: { width: 390, height: 844 }, colorScheme: scheme, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  await signIn(page);
  await shot(page, `mobile-${scheme}-1-empty`);
  await send(page, 'Hello there, can you show markdown? [[markdown]]');
  await waitIdle(page);
  await page.waitForTimeout(800);
  await shot(page, `mobile-${scheme}-2-thread`);
  await page.getByRole('button', { name: 'Open sidebar' }).click();
  await page.waitForTimeout(400);
  await shot(page, `mobile-${scheme}-3-sidebar`);
  await context.close();
}

await browser.close();
if (problems.length) {
  console.log(`\n${problems.length} console problems:`);
  for (const p of [...new Set(problems)]) console.log(p);
}
