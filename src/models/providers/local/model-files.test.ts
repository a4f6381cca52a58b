import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LocalModelUnavailableError, RECOMMENDED_MODEL, createLocalEngine, downloadFailedMessage } from './index.js';
import type { LocalEngine } from './index.js';
import { FIXTURE_MODEL, readParts, textOf, userPrompt } from './test-helpers.js';

const tempDirs: string[] = [];
function tempModelsDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redline-models-'));
  tempDirs.push(dir);
  return dir;
}

/** A port nothing listens on: connections are refused at once, like an offline machine without the DNS wait. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitFor<T>(read: () => T, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = read();
    if (done(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('model files when offline', () => {
  let engine: LocalEngine;

  beforeAll(async () => {
    const port = await closedPort();
    engine = createLocalEngine({ modelsDir: tempModelsDir(), gpu: false, huggingFaceEndpoint: `http://127.0.0.1:${port}/` });
  });

  afterAll(() => engine.dispose());

  it('fails fast with an actionable LocalModelUnavailableError', async () => {
    const started = Date.now();
    const error = await engine.ensureModel(RECOMMENDED_MODEL.uri).then(() => null, (e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error).toBeInstanceOf(LocalModelUnavailableError);
    const { message, code, cause } = error as LocalModelUnavailableError;
    expect(code).toBe('local_model_unavailable');
    expect(cause).toBeInstanceOf(Error);
    expect(message).toMatch(/^Could not download Qwen2\.5-1\.5B-Instruct \(cannot reach http:\/\/127\.0\.0\.1:\d+.*\)\. Either connect to the internet and retry/);
    for (const hint of ['REDLINE_MODEL=/path/to/model.gguf', 'OPENAI_API_KEY', 'OPENAI_BASE_URL', 'ANTHROPIC_API_KEY', 'GOOGLE_GENERATIVE_AI_API_KEY', 'Ollama', 'redline.config.json']) {
      expect(message).toContain(hint);
    }
  });

  it('rejects doStream for an hf: model it cannot download', async () => {
    const error = await engine
      .languageModel(RECOMMENDED_MODEL.uri)
      .doStream({ prompt: userPrompt('Hi') })
      .then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(LocalModelUnavailableError);
  });

  it('reports a failed setup download with the same guidance', async () => {
    expect(engine.setup()).toMatchObject({ needed: true, state: 'idle', model: 'Qwen2.5-1.5B-Instruct', uri: RECOMMENDED_MODEL.uri, error: null });
    expect(engine.startRecommendedDownload().state).toBe('downloading');
    const failed = await waitFor(() => engine.setup(), (setup) => setup.state !== 'downloading');
    expect(failed.state).toBe('failed');
    expect(failed.error).toContain('Could not download Qwen2.5-1.5B-Instruct');
    expect(failed.hint).toContain('REDLINE_MODEL');
  });

  it('fails fast for a plain URL too', async () => {
    const port = await closedPort();
    const error = await engine.ensureModel(`http://127.0.0.1:${port}/model.gguf`).then(() => null, (e: unknown) => e);
    expect((error as Error).message).toContain(`Could not download http://127.0.0.1:${port}/model.gguf`);
  });

  it('builds the message from nested causes', () => {
    const cause = new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND huggingface.co'), { code: 'ENOTFOUND' }) });
    expect(downloadFailedMessage('Qwen2.5-1.5B-Instruct', cause)).toMatch(
      /^Could not download Qwen2\.5-1\.5B-Instruct \(fetch failed: getaddrinfo ENOTFOUND huggingface\.co\)\. Either connect/,
    );
  });
});

describe('model files from a reachable mirror', () => {
  const fixture = fs.readFileSync(FIXTURE_MODEL);
  const requests: string[] = [];
  let server: http.Server;
  let endpoint: string;
  let dropFirstDownload = true;

  beforeAll(async () => {
    // Serves every file as the fixture, with Range support; the first ranged download is cut halfway.
    server = http.createServer((req, res) => {
      requests.push(`${req.method} ${req.url} ${req.headers.range ?? ''}`);
      if (!req.url?.includes('/resolve/main/')) return void res.writeHead(404).end();
      const match = /bytes=(\d+)-(\d*)/.exec(req.headers.range ?? '');
      const start = match ? Number(match[1]) : 0;
      const end = match?.[2] ? Number(match[2]) : fixture.length - 1;
      const headers = { 'accept-ranges': 'bytes', 'content-type': 'application/octet-stream', 'content-length': String(end - start + 1) };
      if (match) res.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${end}/${fixture.length}` });
      else res.writeHead(200, headers);
      if (req.method === 'HEAD') return void res.end();
      if (match && dropFirstDownload && end - start > 1000) {
        dropFirstDownload = false;
        res.write(fixture.subarray(start, start + Math.floor((end - start) / 2)));
        setTimeout(() => res.destroy(), 20);
        return;
      }
      res.end(fixture.subarray(start, end + 1));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  afterEach(() => {
    requests.length = 0;
  });

  it('downloads the recommended model with progress, survives a dropped connection, then runs it', async () => {
    const modelsDir = tempModelsDir();
    const engine = createLocalEngine({ modelsDir, gpu: false, threads: 1, contextSize: 256, huggingFaceEndpoint: endpoint });
    try {
      expect(engine.setup()).toMatchObject({ needed: true, state: 'idle' });
      const progress: Array<[number, number]> = [];
      const file = await engine.ensureModel(RECOMMENDED_MODEL.uri, (downloaded, total) => progress.push([downloaded, total]));
      expect(file).toBe(path.join(modelsDir, RECOMMENDED_MODEL.fileName));
      expect(fs.readFileSync(file).equals(fixture)).toBe(true);
      expect(progress.at(-1)).toEqual([fixture.length, fixture.length]);
      // The first ranged GET was cut halfway; the downloader retried and still produced the exact file.
      expect(requests.filter((line) => / bytes=/.test(line)).length).toBe(2);
      expect(engine.setup()).toMatchObject({ needed: false, state: 'ready', downloadedBytes: fixture.length, totalBytes: fixture.length });

      requests.length = 0;
      const parts = await readParts((await engine.languageModel(RECOMMENDED_MODEL.uri).doStream({ prompt: userPrompt('Hi'), maxOutputTokens: 4 })).stream);
      expect(textOf(parts).length).toBeGreaterThan(0);
      expect(requests).toEqual([]);
    } finally {
      await engine.dispose();
    }
  });

  it('shares one download between the setup flow and a caller, and lets a caller stop waiting', async () => {
    const modelsDir = tempModelsDir();
    const engine = createLocalEngine({ modelsDir, gpu: false, huggingFaceEndpoint: endpoint });
    try {
      const setup = engine.startRecommendedDownload();
      expect(setup.state).toBe('downloading');
      expect(engine.startRecommendedDownload().state).toBe('downloading');
      const impatient = new AbortController();
      const abandoned = engine.ensureModel(RECOMMENDED_MODEL.uri, undefined, impatient.signal);
      impatient.abort();
      await expect(abandoned).rejects.toThrow();
      const file = await engine.ensureModel(RECOMMENDED_MODEL.uri);
      expect(fs.statSync(file).size).toBe(fixture.length);
      const ready = await waitFor(() => engine.setup(), (s) => s.state === 'ready');
      expect(ready.needed).toBe(false);
      expect(requests.filter((line) => line.startsWith('HEAD')).length).toBe(1);
      expect(requests.filter((line) => / bytes=/.test(line)).length).toBe(1);
    } finally {
      await engine.dispose();
    }
  });

  it('resolves plain paths, absolute or relative to modelsDir', async () => {
    const modelsDir = tempModelsDir();
    fs.copyFileSync(FIXTURE_MODEL, path.join(modelsDir, 'mine.gguf'));
    const engine = createLocalEngine({ modelsDir, gpu: false });
    try {
      expect(await engine.ensureModel(FIXTURE_MODEL)).toBe(FIXTURE_MODEL);
      expect(await engine.ensureModel('mine.gguf')).toBe(path.join(modelsDir, 'mine.gguf'));
      await expect(engine.ensureModel('nope.gguf')).rejects.toBeInstanceOf(LocalModelUnavailableError);
    } finally {
      await engine.dispose();
    }
  });
});
