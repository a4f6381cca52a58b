// Screenshots of the Memory and Personalization pages, the temporary chat and per-chat instructions
// (light and dark, wide and narrow), for looking at them (not a test).
// Usage: node web/scripts/personalization-screenshots.mjs [baseUrl=http://127.0.0.1:8080] [outDir=/tmp/redline-shots]
// Against a running server with the fake upstream; add a few memories first for a realistic page.
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
  page.on('pageerror', (error) => problems.push(`[pageerror] ${error.message}`));
  page.on('console', (msg) => msg.type() === 'error' && problems.push(`[console.error] ${msg.text()}`));
  return { context, page };
}

const shot = async (page, name, options = {}) => {
  await page.waitForTimeout(250);
  await page.screenshot({ path: `${out}/${name}.png`, ...options });
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

const viewports = {
  wide: { viewport: { width: 1280, height: 860 } },
  narrow: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
};

for (const [size, options] of Object.entries(viewports)) {
  for (const scheme of ['light', 'dark']) {
    const { context, page } = await newPage({ ...options, colorScheme: scheme });
    await signIn(page);
    const name = (step) => `personal-${size}-${scheme}-${step}`;

    await page.getByRole('button', { name: 'Temporary', exact: true }).click();
    await shot(page, name('1-temporary'));
    await page.getByRole('textbox', { name: 'Message' }).fill('Remember that my sister is called Ana');
    await page.getByRole('textbox', { name: 'Message' }).press('Enter');
    await page.getByRole('button', { name: 'Send', exact: true }).waitFor({ timeout: 30_000 });
    await shot(page, name('2-temporary-thread'));

    await page.goto(`${base}/memory`);
    await page.getByRole('heading', { name: 'Memory' }).waitFor();
    const why = page.getByRole('button', { name: 'Why do you know this?' }).first();
    if (await why.isVisible().catch(() => false)) await why.click();
    await shot(page, name('3-memory'));

    await page.goto(`${base}/personalization`);
    await page.getByRole('heading', { name: 'Personalization' }).waitFor();
    await shot(page, name('4-personalization'));
    // The page scrolls inside its column: look at the bottom too.
    await page.locator('.personal-scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await shot(page, name('5-personalization-bottom'));
    await context.close();
  }
}

await browser.close();
if (problems.length) {
  console.log(`\n${problems.length} problems:`);
  for (const p of [...new Set(problems)]) console.log(p);
}
