// Drives the built UI through its main flows against a running Redline server backed by the fake upstream.
// Not part of the test suite (the e2e tests live in test/); a quick check while working on the UI.
// Usage: node web/scripts/smoke.mjs [baseUrl=http://127.0.0.1:8080]
import { chromium } from 'playwright-core';

const base = process.argv[2] ?? 'http://127.0.0.1:8080';
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const page = await context.newPage();
const problems = [];
page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
page.on('dialog', (d) => problems.push(`unexpected dialog: ${d.message()}`));

let failures = 0;
async function step(name, fn) {
  try {
    await fn();
    console.log(`ok   ${name}`);
  } catch (error) {
    failures++;
    console.log(`FAIL ${name}\n     ${String(error.message).split('\n').slice(0, 4).join('\n     ')}`);
    await page.screenshot({ path: `/tmp/smoke-fail-${failures}.png` });
  }
}

const button = (name) => page.getByRole('button', { name, exact: true });
const composer = () => page.getByRole('textbox', { name: 'Message' });
const idle = () => button('Send').waitFor({ timeout: 20_000 });
const assistants = () => page.locator('[data-role="assistant"]');
const users = () => page.locator('[data-role="user"]');
async function send(text) {
  await composer().fill(text);
  await composer().press('Enter');
}
const expectText = async (locator, text) => {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: 10_000 });
};

await step('sign in as owner', async () => {
  await page.goto(base);
  await button('Continue as owner').click();
  await composer().waitFor();
  if (!(await composer().evaluate((el) => el === document.activeElement))) throw new Error('composer not focused');
});

await step('send disabled when empty, send a message, echo streams back', async () => {
  if (!(await button('Send').isDisabled())) throw new Error('Send enabled with empty composer');
  await send('hello one');
  await expectText(assistants(), 'You said: hello one');
  await idle();
  if (!page.url().includes('/c/')) throw new Error(`url is ${page.url()}`);
  await expectText(page.getByRole('navigation', { name: 'Conversations' }).getByRole('link'), 'hello one');
});

await step('shift+enter adds a newline instead of sending', async () => {
  await composer().fill('line a');
  await composer().press('Shift+Enter');
  await composer().type('line b');
  const value = await composer().inputValue();
  if (value !== 'line a\nline b') throw new Error(JSON.stringify(value));
  await composer().fill('');
});

await step('regenerate creates a branch; switch with Previous/Next branch', async () => {
  await assistants().last().hover();
  await assistants().last().getByRole('button', { name: 'Regenerate' }).click();
  await idle();
  await expectText(assistants().last(), '2 / 2');
  await assistants().last().getByRole('button', { name: 'Previous branch' }).click();
  await expectText(assistants().last(), '1 / 2');
  await assistants().last().getByRole('button', { name: 'Next branch' }).click();
  await expectText(assistants().last(), '2 / 2');
});

await step('edit a user message: Save & send creates a user branch', async () => {
  await users().last().hover();
  await users().last().getByRole('button', { name: 'Edit' }).click();
  await page.getByRole('textbox', { name: 'Edit message' }).fill('hello edited');
  await button('Save & send').click();
  await expectText(assistants().last(), 'You said: hello edited');
  await idle();
  await expectText(users().last(), '2 / 2');
  await users().last().getByRole('button', { name: 'Previous branch' }).click();
  await expectText(users().last(), 'hello one');
  await expectText(assistants().last(), '2 / 2');
});

await step('stop button keeps partial text with a Stopped badge, persisted across reload', async () => {
  await send('[[words:400]] [[delay:25]] long answer please');
  await button('Stop').waitFor();
  await page.waitForTimeout(800);
  await button('Stop').click();
  await idle();
  await expectText(assistants().last(), 'Stopped');
  const partial = (await assistants().last().locator('.markdown').innerText()).length;
  if (partial < 10) throw new Error('no partial text');
  await page.reload();
  await expectText(assistants().last(), 'Stopped');
});

await step('Escape stops streaming', async () => {
  await send('[[words:400]] [[delay:25]] another long one');
  await button('Stop').waitFor();
  await page.waitForTimeout(600);
  await page.keyboard.press('Escape');
  await idle();
  await expectText(assistants().last(), 'Stopped');
});

await step('jump to latest appears when scrolled up during a long answer', async () => {
  await send('[[words:900]] [[delay:8]] very long');
  await page.waitForTimeout(1500);
  await page.locator('.thread-scroll').evaluate((el) => el.scrollTo({ top: 0 }));
  await button('Jump to latest').waitFor({ timeout: 5000 });
  const before = await page.locator('.thread-scroll').evaluate((el) => el.scrollTop);
  await page.waitForTimeout(500);
  const after = await page.locator('.thread-scroll').evaluate((el) => el.scrollTop);
  if (after !== before) throw new Error('scroll moved while the user was reading');
  await button('Jump to latest').click();
  await page.waitForTimeout(900);
  const gap = await page.locator('.thread-scroll').evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
  if (gap > 60) throw new Error(`not at bottom after jump: ${gap}px`);
  await idle();
});

await step('model error shows a banner with the upstream message and Retry', async () => {
  await send('please fail [[error:500]]');
  const alert = page.getByRole('alert').filter({ hasText: '500' });
  await alert.waitFor();
  await expectText(assistants().last(), 'Failed');
  await alert.getByRole('button', { name: 'Retry' }).click();
  await idle();
  await alert.waitFor();
  await button('Dismiss').click();
  await assistants().last().getByRole('button', { name: 'Retry' }).waitFor();
});

await step('model picker PATCHes the conversation and is remembered', async () => {
  const picker = page.getByRole('combobox', { name: 'Model' });
  const options = await picker.locator('option').allTextContents();
  if (options.length < 2) throw new Error(`only ${options.length} model(s)`);
  const target = await picker.locator('option').nth(1).getAttribute('value');
  await picker.selectOption(target);
  await page.waitForTimeout(400);
  await page.reload();
  await composer().waitFor();
  await page.waitForTimeout(300);
  const value = await page.getByRole('combobox', { name: 'Model' }).inputValue();
  if (value !== target) throw new Error(`model after reload: ${value}, wanted ${target}`);
  const stored = await page.evaluate(() => localStorage.getItem('redline.model'));
  if (stored !== target) throw new Error(`localStorage model: ${stored}`);
});

await step('new chat shows the empty state and focuses the composer', async () => {
  await button('New chat').click();
  await page.getByText('How can I help you today?').waitFor();
  if (new URL(page.url()).pathname !== '/') throw new Error(page.url());
  if (!(await composer().evaluate((el) => el === document.activeElement))) throw new Error('composer not focused');
});

await step('search conversations matches content', async () => {
  await send('a zebra-crossing question');
  await idle();
  await page.getByRole('searchbox', { name: 'Search conversations' }).fill('zebra');
  await expectText(page.getByRole('navigation', { name: 'Search results' }).getByRole('link'), 'zebra');
  await page.getByRole('searchbox', { name: 'Search conversations' }).fill('');
});

await step('rename a conversation inline', async () => {
  const item = page.locator('.conversation-item[data-active]');
  await item.hover();
  await item.getByRole('button', { name: 'Rename conversation' }).click();
  const input = page.getByRole('textbox', { name: 'Conversation title' });
  await input.fill('Renamed chat');
  await input.press('Enter');
  await expectText(page.getByRole('link'), 'Renamed chat');
  await page.reload();
  await expectText(page.getByRole('link'), 'Renamed chat');
});

await step('delete a conversation after confirming', async () => {
  const item = page.locator('.conversation-item').filter({ hasText: 'Renamed chat' });
  await item.hover();
  await item.getByRole('button', { name: 'Delete conversation' }).click();
  await page.getByRole('alertdialog', { name: 'Delete chat?' }).getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('link', { name: 'Renamed chat' }).waitFor({ state: 'detached' });
  if (new URL(page.url()).pathname !== '/') throw new Error(page.url());
});

await step('markdown from the model never executes HTML', async () => {
  await send('[[markdown]]');
  await idle();
  const last = assistants().last();
  if ((await last.locator('script').count()) > 0) throw new Error('script element rendered');
  if ((await last.locator('img[onerror]').count()) > 0) throw new Error('img onerror rendered');
  await last.locator('.code-block .shiki').waitFor({ timeout: 5000 });
});

await step('settings: theme, API key shown once, users', async () => {
  await button('Settings').click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await dialog.getByRole('radio', { name: /Dark/ }).check();
  if ((await page.evaluate(() => document.documentElement.dataset.theme)) !== 'dark') throw new Error('theme not dark');
  await dialog.getByRole('radio', { name: /System/ }).check();
  await dialog.getByRole('tab', { name: 'API keys' }).click();
  await dialog.getByRole('textbox', { name: 'Key name' }).fill('smoke');
  await dialog.getByRole('button', { name: 'Create key' }).click();
  const secret = await dialog.getByTestId('api-key-secret').innerText();
  if (!secret.startsWith('rl-')) throw new Error(`secret ${secret}`);
  await dialog.getByRole('button', { name: 'Delete key smoke' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
  await dialog.getByRole('button', { name: 'Delete key smoke' }).waitFor({ state: 'detached' });
  await dialog.getByRole('tab', { name: 'Users' }).click();
  const email = `u${Date.now()}@example.com`;
  await dialog.getByLabel('Email').fill(email);
  await dialog.getByLabel('Password').fill('correct horse battery');
  await dialog.getByRole('button', { name: 'Create user' }).click();
  await dialog.getByText(email).waitFor();
  await dialog.getByRole('button', { name: `Delete user ${email}` }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
  await dialog.getByText(email).waitFor({ state: 'detached' });
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
});

await step('a lost session (401) returns to sign-in with a notice, keeping the draft', async () => {
  await context.clearCookies();
  await send('written after the session ended');
  await page.getByText('Your session has ended').waitFor({ timeout: 5000 });
  await button('Continue as owner').click();
  await composer().waitFor();
  const draft = await composer().inputValue();
  if (draft !== 'written after the session ended') throw new Error(`draft: ${JSON.stringify(draft)}`);
  await composer().fill('');
});

await step('sign out returns to the sign-in screen', async () => {
  await button('Settings').click();
  await page.getByRole('tab', { name: 'Account' }).click();
  await button('Sign out').click();
  await button('Continue as owner').waitFor();
});

await browser.close();
for (const p of [...new Set(problems)]) console.log(`note: ${p}`);
console.log(failures ? `${failures} step(s) failed` : 'all steps passed');
process.exit(failures ? 1 : 0);
