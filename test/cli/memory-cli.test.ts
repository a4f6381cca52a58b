import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitExport } from '../../src/cli/import-command.js';
import { ownerCookie, redlineBin, repoRoot, spawnRedline } from '../support/spawn-redline.js';

const fixture = fileURLToPath(new URL('../memory/fixtures/chatgpt-conversations.json', import.meta.url));

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [redlineBin, ...args], { cwd: repoRoot, env: { ...process.env, REDLINE_DETECT_OLLAMA: '0', LOG_LEVEL: 'silent', OPENAI_BASE_URL: '', OPENAI_API_KEY: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end();
  });
}

describe('splitExport', () => {
  it('keeps a small file whole and cuts a large one between conversations', () => {
    const conversations = [...Array(10)].map((_, i) => ({ id: String(i), text: 'x'.repeat(1000) }));
    expect(splitExport(conversations, 1_000_000)).toEqual([conversations]);
    const parts = splitExport(conversations, 3500) as unknown[][];
    expect(parts.length).toBeGreaterThan(3);
    expect(parts.flat()).toEqual(conversations);
    for (const part of parts) expect(JSON.stringify(part).length).toBeLessThanOrEqual(3500);

    const redline = { format: 'redline.export', version: 1, exportedAt: 'now', conversations, memories: [{ content: 'm' }] };
    const redlineParts = splitExport(redline, 8000) as (typeof redline)[];
    expect(redlineParts.length).toBeGreaterThan(1);
    expect(redlineParts.flatMap((p) => p.conversations)).toEqual(conversations);
    expect(redlineParts.map((p) => p.memories.length)).toEqual([1, ...redlineParts.slice(1).map(() => 0)]);
  });
});

describe('redline import and redline memory', () => {
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'redline-cli-import-'));
    // Small enough that the fixture goes in parts; each conversation still fits.
    writeFileSync(path.join(dataDir, 'config.json'), JSON.stringify({ limits: { maxImportBytes: 5000 } }));
    env = { REDLINE_DATA_DIR: dataDir };
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('imports a ChatGPT export in parts with no server running, and skips it the second time', async () => {
    const first = await runCli(['import', fixture], env);
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/Importing part 1 of 2/);
    expect(first.stdout).toContain('Imported 2 conversations');
    expect(first.stdout).toContain('from ChatGPT (chatgpt-conversations.json)');
    expect(first.stdout).toMatch(/Not imported: “Broken”/);
    expect(first.code).toBe(0);

    const again = await runCli(['import', fixture], env);
    expect(again.stdout).toContain('Imported 0 conversations');
    expect(again.stdout).toContain('2 conversations already imported, skipped.');
  });

  it('says what is wrong with a file it cannot read', async () => {
    const missing = await runCli(['import', path.join(dataDir, 'nope.json')], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Cannot import .*nope\.json: no such file/);
    const text = path.join(dataDir, 'notes.txt');
    writeFileSync(text, 'hello');
    expect((await runCli(['import', text], env)).stderr).toMatch(/not a JSON file/);
    writeFileSync(text, '{"hello":"world"}');
    expect((await runCli(['import', text], env)).stderr).toMatch(/neither a ChatGPT export .* nor a Redline export/);
    expect((await runCli(['import'], env)).code).toBe(2);
  });

  it('lists, exports and deletes memories through a running server', async () => {
    const exportFile = path.join(dataDir, 'redline-export.json');
    writeFileSync(
      exportFile,
      JSON.stringify({ format: 'redline.export', version: 1, exportedAt: new Date().toISOString(), conversations: [], memories: [{ kind: 'fact', content: 'User lives in Oslo', status: 'active', createdAt: new Date().toISOString() }] }),
    );
    expect((await runCli(['import', exportFile], env)).stdout).toContain('1 memory added.');

    const server = await spawnRedline(env);
    try {
      const listed = await runCli(['memory', 'list'], env);
      expect(listed.stdout).toMatch(/^[0-9a-f-]{36} {2}fact +User lives in Oslo$/m);
      expect((await runCli(['memory', 'list', 'Oslo'], env)).stdout).toContain('User lives in Oslo');
      expect((await runCli(['memory', 'list', 'Reykjavik'], env)).stdout).toBe('No memory matches.\n');

      const saved = path.join(dataDir, 'memory.json');
      expect((await runCli(['memory', 'export', saved], env)).stdout).toBe(`Wrote 1 memory to ${saved}.\n`);
      expect(JSON.parse(readFileSync(saved, 'utf8'))).toMatchObject({ format: 'redline.memory', memories: [{ content: 'User lives in Oslo' }] });

      const id = /^([0-9a-f-]{36})/m.exec(listed.stdout)![1];
      expect((await runCli(['memory', 'delete', id], env)).stdout).toBe('Forgotten.\n');
      const gone = await runCli(['memory', 'delete', id], env);
      expect(gone.code).toBe(1);
      expect(gone.stderr).toMatch(/not found/i);
      const cookie = await ownerCookie(server.url);
      expect((await (await fetch(`${server.url}/api/memories`, { headers: { cookie } })).json()).memories).toEqual([]);
    } finally {
      server.child.kill('SIGTERM');
      await new Promise((resolve) => server.child.once('exit', resolve));
    }
  });
});
