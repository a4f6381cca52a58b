// Screenshots of projects, files and citations (light and dark, wide and phone), for looking at them (not a test).
// Usage: node web/scripts/documents-screenshots.mjs [baseUrl=http://127.0.0.1:8080] [outDir=/tmp/shots]
// Against a running server with the fake upstream (OPENAI_BASE_URL=http://127.0.0.1:9100/v1). One file is
// shown as still indexing by rewriting the server's answers for it (small files index too fast to catch).
import { mkdir } from 'node:fs/promises';
import { chromium } from 'playwright-core';

const base = process.argv[2] ?? 'http://127.0.0.1:8080';
const out = process.argv[3] ?? '/tmp/shots';
await mkdir(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
});

const POLICY = `# Refund policy

## Refund window

The refund window is 30 days from delivery. Refunds are paid back to the original payment method within 5 business days.

## Exceptions

Gift cards and opened software cannot be refunded. Items marked final sale cannot be returned.
`;
const FAQ = `# Shipping FAQ\n\nStandard shipping takes 3 to 5 business days. Express shipping takes 1 business day.\n`;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
const QUESTION = 'The refund window is 30 days from delivery [1]. Gift cards cannot be refunded [2]. Shipping is always free for every order [1].';

const problems = [];
async function newPage(options) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`[pageerror] ${error.message}`));
  page.on('console', (msg) => msg.type() === 'error' && problems.push(`[console.error] ${msg.text()}`));
  return { context, page };
}

const shot = async (page, name, options = {}) => {
  await page.waitForTimeout(300);
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

/** Shows `shipping-faq.md` as 42% indexed, whatever the server says. */
async function fakeIndexing(page) {
  const indexing = (doc) => (doc.name === 'shipping-faq.md' ? { ...doc, status: 'indexing', progress: 0.42, chunkCount: 0, pageCount: null } : doc);
  await page.route(/\/api\/projects\/[^/]+\/documents$/, async (route) => {
    if (route.request().method() !== 'GET') return route.continue();
    const response = await route.fetch();
    const body = await response.json();
    await route.fulfill({ response, json: { documents: body.documents.map(indexing) } });
  });
  await page.route(/\/api\/documents\/[^/]+$/, async (route) => {
    if (route.request().method() !== 'GET') return route.continue();
    const response = await route.fetch();
    const body = await response.json();
    await route.fulfill({ response, json: { document: indexing(body.document) } });
  });
}

async function setUpProject(page, name) {
  await page.getByRole('button', { name: 'New project' }).first().click();
  await page.getByRole('dialog', { name: 'New project' }).getByRole('textbox', { name: 'Project name' }).fill(name);
  await page.getByRole('button', { name: 'Create project' }).click();
  await page.getByRole('textbox', { name: 'Project name' }).waitFor();
  const input = page.getByLabel(`Files to add to ${name}`);
  await input.setInputFiles({ name: 'refunds.md', mimeType: 'text/markdown', buffer: Buffer.from(POLICY) });
  const files = page.getByRole('list', { name: `Files of ${name}` });
  await files.getByRole('listitem').filter({ hasText: 'refunds.md' }).and(page.locator('[data-status="ready"]')).waitFor({ timeout: 30_000 });
  await input.setInputFiles([
    { name: 'shipping-faq.md', mimeType: 'text/markdown', buffer: Buffer.from(FAQ) },
    { name: 'photo.png', mimeType: 'image/png', buffer: PNG },
  ]);
  await files.getByRole('listitem').filter({ hasText: 'photo.png' }).and(page.locator('[data-status="failed"]')).waitFor({ timeout: 15_000 });
  const instructions = page.getByRole('textbox', { name: 'Project instructions' });
  await instructions.fill('Answer as a support agent for Acme. Quote the policy section you rely on.');
  await instructions.blur();
  await page.getByText('Saved', { exact: true }).waitFor();
  await page.getByText('Indexing… 42%').waitFor();
}

async function askInProject(page, name, question = QUESTION) {
  const composer = page.getByRole('textbox', { name: `New chat in ${name}` });
  await composer.fill(question);
  await composer.press('Enter');
  await page.waitForURL(/\/c\//);
  const answer = page.locator('[data-role="assistant"]').last();
  await page.waitForFunction(() => document.querySelector('[data-role="assistant"]:last-of-type')?.getAttribute('data-status') === 'complete', null, { timeout: 30_000 });
  return answer;
}

let n = 0;
for (const scheme of ['light', 'dark']) {
  const { context, page } = await newPage({ viewport: { width: 1280, height: 860 }, colorScheme: scheme });
  await fakeIndexing(page);
  await signIn(page);
  const name = `Support policies ${++n}`;
  await setUpProject(page, name);
  await page.locator('.project-scroll').evaluate((el) => el.scrollTo(0, 0));
  await shot(page, `desktop-${scheme}-1-project`);
  await page.locator('.project-scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await shot(page, `desktop-${scheme}-1b-project-bottom`);
  await page.locator('.project-scroll').evaluate((el) => el.scrollTo(0, 0));

  const answer = await askInProject(page, name);
  await answer.getByRole('button', { name: /^Source 1/ }).first().waitFor();
  await shot(page, `desktop-${scheme}-2-answer`);
  await answer.getByRole('button', { name: /^Source 2/ }).first().click();
  await page.getByRole('complementary', { name: 'Source' }).waitFor();
  await shot(page, `desktop-${scheme}-3-panel`);
  await page.keyboard.press('Escape');

  // Files attached to the conversation: chips above the message box.
  await page.getByLabel('Files to attach').setInputFiles([
    { name: 'refunds.md', mimeType: 'text/markdown', buffer: Buffer.from(POLICY) },
    { name: 'photo.png', mimeType: 'image/png', buffer: PNG },
  ]);
  await page.getByRole('list', { name: 'Attached files' }).locator('[data-status="failed"]').waitFor();
  await page.waitForTimeout(1200);
  await shot(page, `desktop-${scheme}-4-attachments`);

  // While a grounded answer streams: citations live, "Checking sources…" until the check arrives.
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('What is the refund window for gift cards? [1] [[words:120]] [[delay:25]]');
  await box.press('Enter');
  await page.getByText('Checking sources…').waitFor({ timeout: 10_000 });
  await shot(page, `desktop-${scheme}-5-checking`);
  await page.getByRole('button', { name: 'Send', exact: true }).waitFor({ timeout: 30_000 });

  // Strict: a question the files do not answer.
  await page.locator('.app-header').getByRole('link', { name }).click();
  await page.getByRole('switch', { name: 'Strict: answer only from the files' }).click();
  await page.getByRole('list', { name: `Chats in ${name}` }).waitFor();
  await page.locator('.project-scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await shot(page, `desktop-${scheme}-7-project-chats`);
  await askInProject(page, name, 'What is the capital of France?');
  await page.waitForTimeout(500);
  await shot(page, `desktop-${scheme}-6-abstained`);
  await context.close();
}

for (const scheme of ['light', 'dark']) {
  const { context, page } = await newPage({ viewport: { width: 390, height: 844 }, colorScheme: scheme, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  await fakeIndexing(page);
  await signIn(page);
  await page.getByRole('button', { name: 'Open sidebar' }).click();
  await page.waitForTimeout(300);
  await shot(page, `mobile-${scheme}-0-sidebar`);
  const name = `Policies ${++n}`;
  await setUpProject(page, name);
  await page.locator('.project-scroll').evaluate((el) => el.scrollTo(0, 0));
  await shot(page, `mobile-${scheme}-1-project`);
  await page.locator('.project-scroll').evaluate((el) => el.scrollTo(0, 520));
  await shot(page, `mobile-${scheme}-1b-project-files`);
  const answer = await askInProject(page, name);
  await answer.getByRole('button', { name: /^Source 1/ }).first().waitFor();
  await shot(page, `mobile-${scheme}-2-answer`);
  await answer.getByRole('button', { name: /^Source 1/ }).first().click();
  await page.getByRole('complementary', { name: 'Source' }).waitFor();
  await shot(page, `mobile-${scheme}-3-panel`);
  await context.close();
}

await browser.close();
if (problems.length) {
  console.log(`\n${problems.length} console problems:`);
  for (const p of [...new Set(problems)]) console.log(p);
}
