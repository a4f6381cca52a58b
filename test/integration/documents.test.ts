import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ABSTENTION } from '../../src/documents/index.js';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/index.js';
import type { ChatRequest } from '../fake-upstream/types.js';
import { readEvents, startTestServer, type TestServer } from '../support/redline-server.js';
import { testStores } from '../support/test-database.js';

const HANDBOOK = `# Team handbook

## Deploys

The deploy freeze starts on Friday at 16:00 and lasts the whole weekend, for everyone.

Hotfixes during the freeze need approval from the on-call lead, who is Priya Raman this quarter.

## Expenses

Meals on business trips are covered up to 35 euros a day. Taxis are covered after 22:00 only.
`;

const answers = (upstream: FakeUpstream) => upstream.requests.filter((r) => r.path.endsWith('/chat/completions') && !(r.body as ChatRequest | undefined)?.response_format);
const systemOf = (req: ChatRequest) => req.messages.filter((m) => m.role === 'system').map((m) => String(m.content)).join('\n');

describe.each(testStores)('projects, documents and grounded answers on %s', (storeKind) => {
  let upstream: FakeUpstream;
  let redline: TestServer;
  let projectId: string;

  /** Uploads a file as the browser does: multipart with a `file` field. */
  const upload = (target: string, name: string, content: string | Uint8Array<ArrayBuffer>, type = 'text/markdown', cookie = redline.cookie) => {
    const form = new FormData();
    form.append('file', new Blob([content], { type }), name);
    return fetch(`${redline.url}/api/${target}/documents`, { method: 'POST', headers: { cookie }, body: form });
  };
  const ready = async (id: string, cookie = redline.cookie) => {
    for (let i = 0; i < 200; i++) {
      const { document } = await (await fetch(`${redline.url}/api/documents/${id}`, { headers: { cookie } })).json();
      if (document.status !== 'indexing') return document;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('still indexing');
  };
  const ask = async (conversationId: string, content: string) => {
    const events = await readEvents(await redline.api('POST', `/api/conversations/${conversationId}/messages`, { content }));
    return { events, done: events.find((e) => e.event === 'done')?.data.message, sources: events.find((e) => e.event === 'sources')?.data.sources, verification: events.find((e) => e.event === 'verification')?.data.verification };
  };

  beforeAll(async () => {
    upstream = await startFakeUpstream({ models: ['fake-model'] });
    const dir = mkdtempSync(path.join(tmpdir(), 'redline-docs-'));
    writeFileSync(path.join(dir, 'redline.config.json'), JSON.stringify({ documents: { maxFileMb: 0.05, maxFilesPerProject: 4, verify: 'lexical' } }));
    redline = await startTestServer({ store: storeKind, env: { OPENAI_BASE_URL: upstream.url, REDLINE_CONFIG: path.join(dir, 'redline.config.json') } });
    const created = await redline.api('POST', '/api/projects', { name: 'Ops', instructions: 'Answer like a terse ops engineer.' });
    expect(created.status).toBe(201);
    projectId = (await created.json()).project.id;
  });
  afterAll(async () => {
    await redline?.close();
    await upstream?.close();
  });

  it('answers a user with no files without sources, and from the first file as soon as it is ready', async () => {
    const { conversation } = await (await redline.api('POST', '/api/conversations', {})).json();
    // The user has no passage anywhere yet (the embedded store remembers that, and must forget it on upload).
    expect((await ask(conversation.id, 'Where is visitor parking?')).sources).toBeUndefined();
    const res = await upload(`conversations/${conversation.id}`, 'parking.md', '# Parking\n\nVisitor parking is on level 3, behind the blue door.');
    expect(await ready((await res.json()).document.id)).toMatchObject({ status: 'ready' });
    const { sources } = await ask(conversation.id, 'Where is visitor parking?');
    expect(sources?.map((s: { name: string }) => s.name)).toEqual(['parking.md']);
  });

  it('indexes an uploaded file in the background and shows its progress and passages', async () => {
    const res = await upload(`projects/${projectId}`, 'handbook.md', HANDBOOK);
    expect(res.status).toBe(202);
    const { document } = await res.json();
    expect(document).toMatchObject({ name: 'handbook.md', status: 'indexing', projectId });
    expect(await ready(document.id)).toMatchObject({ status: 'ready', format: 'markdown', progress: 1, error: null, chunkCount: expect.any(Number) });
    const list = await (await redline.api('GET', `/api/projects/${projectId}/documents`)).json();
    expect(list.documents.map((d: { name: string }) => d.name)).toEqual(['handbook.md']);
    const { project } = await (await redline.api('GET', `/api/projects/${projectId}`)).json();
    expect(project).toMatchObject({ name: 'Ops', documentCount: 1, conversationCount: 0 });
  });

  it('answers in a project conversation from the passages it retrieved, with numbered sources and a check of each sentence', async () => {
    const { conversation } = await (await redline.api('POST', '/api/conversations', { projectId })).json();
    expect(conversation.projectId).toBe(projectId);
    // The fake echoes the question, so the answer cites what the question says: [1].
    const { done, sources, verification } = await ask(conversation.id, 'When does the deploy freeze start on Friday? [1]');
    expect(sources[0]).toMatchObject({ n: 1, name: 'handbook.md', heading: 'Team handbook > Deploys', text: expect.stringContaining('The deploy freeze starts on Friday at 16:00') });
    const system = systemOf(answers(upstream).at(-1)!.body as ChatRequest);
    expect(system).toContain("## Sources from the user's files");
    expect(system).toContain('[1] handbook.md · Team handbook > Deploys');
    expect(system).toContain('Answer like a terse ops engineer.');
    expect(verification).toMatchObject({ method: 'lexical', sentences: [{ text: 'You said: When does the deploy freeze start on Friday? [1]', supported: true, citations: [1] }] });
    expect(done.metadata).toMatchObject({ sources: [expect.objectContaining({ n: 1 })], grounding: { strict: false, abstained: false }, verification: { method: 'lexical' } });
  });

  it('marks a sentence its cited passage does not support', async () => {
    const { conversation } = await (await redline.api('POST', '/api/conversations', { projectId })).json();
    const { verification } = await ask(conversation.id, 'The freeze starts on Tuesday at 09:30 in the Lisbon office [1].');
    expect(verification.sentences[0]).toMatchObject({ supported: false, citations: [1] });
  });

  it('in strict mode says the files do not say, without calling the model, when nothing supports the question', async () => {
    await redline.api('PATCH', `/api/projects/${projectId}`, { strict: true });
    const { conversation } = await (await redline.api('POST', '/api/conversations', { projectId })).json();
    const before = answers(upstream).length;
    const { done, sources } = await ask(conversation.id, 'What is the parental leave allowance for contractors in Norway?');
    expect(answers(upstream).length).toBe(before);
    expect(sources).toBeUndefined();
    expect(done).toMatchObject({ status: 'complete', content: ABSTENTION, metadata: { grounding: { strict: true, abstained: true } } });
    // A question the files answer still goes to the model, with its passage.
    const supported = await ask(conversation.id, 'Who approves hotfixes during the deploy freeze?');
    expect(answers(upstream).length).toBe(before + 1);
    expect(supported.sources.map((s: { text: string }) => s.text).join(' ')).toContain('Priya Raman');
    await redline.api('PATCH', `/api/projects/${projectId}`, { strict: false });
  });

  it('refuses files that are too large, of an unsupported kind, or past the count, with readable errors, and keeps nothing half indexed', async () => {
    const big = await upload(`projects/${projectId}`, 'big.md', 'x'.repeat(60 * 1024));
    expect(big.status).toBe(413);
    expect((await big.json()).error).toMatchObject({ code: 'file_too_large', message: expect.stringContaining('MB') });
    const png = await upload(`projects/${projectId}`, 'photo.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]), 'image/png');
    expect(png.status).toBe(415);
    expect((await png.json()).error.message).toMatch(/Supported formats: PDF/);
    const corrupt = await upload(`projects/${projectId}`, 'broken.pdf', '%PDF-1.7\nthis is not really a pdf', 'application/pdf');
    expect(corrupt.status).toBe(202);
    const failed = await ready((await corrupt.json()).document.id);
    expect(failed).toMatchObject({ status: 'failed', chunkCount: 0, error: { code: expect.any(String), message: expect.stringContaining('broken.pdf') } });
    for (const n of [1, 2]) expect((await upload(`projects/${projectId}`, `note-${n}.txt`, `note ${n}`)).status).toBe(202);
    const over = await upload(`projects/${projectId}`, 'note-3.txt', 'one too many');
    expect(over.status).toBe(409);
    expect((await over.json()).error.code).toBe('too_many_documents');
    const noFile = await fetch(`${redline.url}/api/projects/${projectId}/documents`, { method: 'POST', headers: { cookie: redline.cookie, 'content-type': 'application/json' }, body: '{}' });
    expect(noFile.status).toBe(400);
  });

  it("keeps one user's files, projects and passages from every other user", async () => {
    await redline.api('POST', '/api/users', { email: 'mallory@example.com', name: 'Mallory', password: 'correct horse' });
    const login = await fetch(`${redline.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'mallory@example.com', password: 'correct horse' }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const as = (method: string, p: string, body?: unknown) => fetch(`${redline.url}${p}`, { method, headers: { cookie, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const { documents } = await (await redline.api('GET', `/api/projects/${projectId}/documents`)).json();
    expect((await (await as('GET', '/api/projects')).json()).projects).toEqual([]);
    expect((await as('GET', `/api/projects/${projectId}`)).status).toBe(404);
    expect((await as('GET', `/api/projects/${projectId}/documents`)).status).toBe(404);
    expect((await as('GET', `/api/documents/${documents[0].id}`)).status).toBe(404);
    expect((await as('DELETE', `/api/documents/${documents[0].id}`)).status).toBe(404);
    expect((await upload(`projects/${projectId}`, 'mine.md', '# mine', 'text/markdown', cookie)).status).toBe(404);
    // Naming another user's project does not put a conversation in it.
    expect((await as('POST', '/api/conversations', { projectId })).status).toBe(404);
    // Mallory's own attachment grounds only her conversation; Alice's handbook never appears.
    const { conversation } = await (await as('POST', '/api/conversations', {})).json();
    const attached = await upload(`conversations/${conversation.id}`, 'mine.md', '# Mine\n\nThe deploy freeze at my company starts on Monday.', 'text/markdown', cookie);
    await ready((await attached.json()).document.id, cookie);
    const events = await readEvents(await as('POST', `/api/conversations/${conversation.id}/messages`, { content: 'When does the deploy freeze start?' }));
    const sources = events.find((e) => e.event === 'sources')?.data.sources ?? [];
    expect(sources.map((s: { name: string }) => s.name)).toEqual(['mine.md']);
    expect(JSON.stringify(sources)).not.toContain('Priya');
    // The search tool, in a chat with no files of its own, looks through all of Mallory's files and nobody else's.
    const { conversation: plain } = await (await as('POST', '/api/conversations', {})).json();
    const toolEvents = await readEvents(await as('POST', `/api/conversations/${plain.id}/messages`, { content: 'Look it up [[tool:search_documents {"query":"deploy freeze"}]]' }));
    const call = toolEvents.filter((e) => e.event === 'tool').at(-1)?.data.call;
    expect(call).toMatchObject({ name: 'search_documents', status: 'done' });
    expect(call.output).toContain('mine.md');
    expect(call.output).not.toContain('handbook');
  });

  it('deletes a file with its passages, and a project without its conversations', async () => {
    const { documents } = await (await redline.api('GET', `/api/projects/${projectId}/documents`)).json();
    const handbook = documents.find((d: { name: string }) => d.name === 'handbook.md');
    expect((await redline.api('DELETE', `/api/documents/${handbook.id}`)).status).toBe(200);
    const { conversation } = await (await redline.api('POST', '/api/conversations', { projectId })).json();
    const { sources } = await ask(conversation.id, 'When does the deploy freeze start?');
    expect(JSON.stringify(sources ?? [])).not.toContain('16:00');
    expect((await redline.api('DELETE', `/api/projects/${projectId}`)).status).toBe(200);
    const kept = await (await redline.api('GET', `/api/conversations/${conversation.id}`)).json();
    expect(kept.conversation.projectId).toBeNull();
  });
});
