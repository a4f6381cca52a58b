// Screenshots of the Memory and Personalization pages, the temporary chat and per-chat instructions
// (light and dark, wide and narrow), for looking at them (not a test).
// Usage: node web/scripts/personalization-screenshots.mjs [baseUrl=http://127.0.0.1:8080] [outDir=/tmp/redline-shots]
// Against a running server with the fake upstream; with MOCK_MEMORY=1 the memory routes are answered
// in the browser with sample data (to look at the pages before the server has them).
import { mkdir } from 'node:fs/promises';
import { chromium } from 'playwright-core';

const base = process.argv[2] ?? 'http://127.0.0.1:8080';
const out = process.argv[3] ?? '/tmp/redline-shots';
await mkdir(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
});

const now = new Date().toISOString();
const sample = [
  ['fact', 'Lives in Lyon and teaches chemistry at a lycée', 'c-1', 'm-1'],
  ['preference', 'Prefers metric units and short answers with code first', null, null],
  ['goal', 'Training for the Lyon half marathon in October', 'c-2', 'm-2'],
  ['relationship', 'Sister Ana is a nurse in Porto', 'c-3', 'm-3'],
].map(([kind, content, sourceConversationId, sourceMessageId], i) => ({
  id: `mem-${i}`, kind, content, status: 'active', createdAt: now, updatedAt: now, lastUsedAt: i === 0 ? now : null, sourceConversationId, sourceMessageId,
}));
const settings = {
  memoryEnabled: true, chatHistoryEnabled: false, aboutUser: 'I teach chemistry in Lyon.', responseStyle: 'Be concise. Use metric units.',
  styleRules: ['Keep answers short and to the point', 'No emojis'], updatedAt: now,
};

async function mockMemory(page) {
  if (!process.env.MOCK_MEMORY) return;
  const json = (route, body) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(body) });
  await page.route('**/api/personalization', (route) => json(route, { settings }));
  await page.route('**/api/memories?*', (route) => json(route, { memories: sample }));
  await page.route('**/api/memories', (route) => json(route, { memories: sample }));
  await page.route('**/api/memories/mem-*', (route) =>
    json(route, { memory: sample[0], history: [{ ...sample[0], id: 'old', content: 'Lives in Paris and teaches chemistry' }] }),
  );
}

const problems = [];
async function newPage(options) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`[pageerror] ${error.message}`));
  page.on('console', (msg) => msg.type() === 'error' && problems.push(`[console.error] ${msg.text()}`));
  await mockMemory(page);
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
