import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/index.js';
import { startFakeHfMirror } from '../support/fake-hf-mirror.js';
import { ownerCookie, redlineBin, repoRoot, spawnRedline } from '../support/spawn-redline.js';

/** Runs the CLI with scripted stdin; resolves with its output and exit code. */
function runCli(args: string[], env: Record<string, string>, stdin: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [redlineBin, ...args], { cwd: repoRoot, env: { ...process.env, REDLINE_DETECT_OLLAMA: '0', LOG_LEVEL: 'silent', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('redline CLI', () => {
  let upstream: FakeUpstream;
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    upstream = await startFakeUpstream({ models: ['fake-model', 'fake-model-2'] });
    dataDir = mkdtempSync(path.join(tmpdir(), 'redline-cli-'));
    env = { REDLINE_DATA_DIR: dataDir, OPENAI_BASE_URL: upstream.url };
  });
  afterAll(async () => {
    await upstream?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('chats with scripted stdin, supports /model and /new, and keeps history in the store', async () => {
    const script = ['hello cli', '/model', '/model openai:fake-model-2', 'second question', '/model nope', '/new', 'fresh start', '/think', 'think it through', '/exit', 'never sent'].join('\n');
    const { code, stdout, stderr } = await runCli(['chat'], env, `${script}\n`);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('You said: hello cli');
    expect(stdout).toContain('openai:fake-model-2');
    expect(stdout).toContain('Switched to openai:fake-model-2.');
    expect(stdout).toContain('You said: second question');
    expect(stdout).toContain('Unknown model "nope"');
    expect(stdout).toContain('You said: fresh start');
    // Think harder: the working first, marked, then the answer alone.
    expect(stdout).toContain('Think harder is on');
    expect(stdout).toMatch(/\[thinking\] Plan: read the question\. Check: the answer repeats it\.\n\nYou said: think it through/);
    expect(stdout).not.toContain('never sent');
    // The answers, not the background memory extraction (a structured-output request after each turn).
    const answers = upstream.requests.filter((r) => r.path.endsWith('/chat/completions') && !(r.body as { response_format?: unknown }).response_format);
    const models = answers.map((r) => (r.body as { model: string }).model);
    expect(models).toEqual(['fake-model', 'fake-model-2', 'fake-model-2', 'fake-model-2']);

    // The history is in the same store the server uses: start it and look.
    const server = await spawnRedline(env);
    try {
      const cookie = await ownerCookie(server.url);
      const { conversations } = await (await fetch(`${server.url}/api/conversations`, { headers: { cookie } })).json();
      expect(conversations.map((c: { title: string }) => c.title).sort()).toEqual(['fresh start', 'hello cli']);

      // With a server running, the CLI talks to it over HTTP instead of opening the store.
      const again = await runCli(['chat'], env, 'via server\n');
      expect(again.stdout).toContain('You said: via server');
      expect(again.stdout).toContain(server.url);
      const keys = await runCli(['keys', 'create'], env, '');
      expect(keys.stdout.trim()).toMatch(/^rl-[A-Za-z0-9_-]{40,}$/);
      const models = await fetch(`${server.url}/v1/models`, { headers: { authorization: `Bearer ${keys.stdout.trim()}` } });
      expect(models.status).toBe(200);
    } finally {
      server.child.kill('SIGTERM');
      await new Promise((resolve) => server.child.once('exit', resolve));
    }
  });

  it('prints one API key with `keys create` when no server runs', async () => {
    const { code, stdout } = await runCli(['keys', 'create'], env, '');
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(stdout.trim()).toMatch(/^rl-/);
  });

  it('downloads the recommended model with `redline setup`, with a progress bar', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'redline-cli-setup-'));
    const mirror = await startFakeHfMirror(path.resolve(repoRoot, '../shared/fixtures/llama-2-tiny-random.gguf'));
    try {
      const { code, stdout } = await runCli(['setup'], { REDLINE_DATA_DIR: empty, HF_ENDPOINT: mirror.endpoint }, '');
      expect(stdout).toContain('Downloading Qwen2.5-1.5B-Instruct');
      expect(stdout).toMatch(/\[#+\] 100%/);
      expect(stdout).toContain('is ready');
      expect(code).toBe(0);
      const models = await runCli(['models'], { REDLINE_DATA_DIR: empty }, '');
      expect(models.stdout).toContain('local:qwen2.5-1.5b-instruct');
    } finally {
      await mirror.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('explains what to configure when no model exists and stdin is not a terminal', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'redline-cli-empty-'));
    try {
      const { code, stdout } = await runCli(['chat'], { REDLINE_DATA_DIR: empty, OPENAI_BASE_URL: '', OPENAI_API_KEY: '' }, 'hi\n');
      expect(code).toBe(1);
      expect(stdout).toContain('No model is configured');
      expect(stdout).toMatch(/OPENAI_API_KEY/);
      expect(stdout).toMatch(/REDLINE_MODEL/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
