// Scenario 4: cold and warm start, the UI's initial JS size, and first contentful paint.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { removeDir, repoRoot, startRedline, type RedlineOptions } from './processes.js';
import { ms, type Row } from './report.js';
import { median, sleep } from './stats.js';

/** Resolves with the first-contentful-paint time (ms), waiting for it if the page has not painted yet. */
const FCP_SCRIPT = `new Promise((resolve) => {
  const read = () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime;
  const now = read();
  if (now !== undefined) return resolve(now);
  const observer = new PerformanceObserver(() => {
    const later = read();
    if (later !== undefined) { observer.disconnect(); resolve(later); }
  });
  observer.observe({ type: 'paint', buffered: true });
  setTimeout(() => resolve(NaN), 5000);
})`;

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface StartTiming {
  /** spawn → "running at" line */
  readyMs: number;
  /** spawn → first 200 from /healthz */
  healthzMs: number;
}

/** One start: polls /healthz every 5 ms from the moment of spawn, on a port chosen beforehand. */
async function timeStart(options: RedlineOptions & { dataDir: string }): Promise<StartTiming> {
  const port = await freePort();
  const started = performance.now();
  let healthzMs = Number.NaN;
  let polling = true;
  const poll = (async () => {
    while (polling && performance.now() - started < 120_000) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (res.ok) {
          healthzMs = performance.now() - started;
          return;
        }
      } catch {
        // not listening yet
      }
      await sleep(5);
    }
  })();
  const redline = await startRedline({ ...options, env: { ...options.env, PORT: String(port) } });
  await poll;
  polling = false;
  await redline.stop();
  return { readyMs: redline.readyMs, healthzMs };
}

/** Process start plus loading every module of the CLI (`redline help`), without opening the store. */
async function timeHelp(): Promise<number> {
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/redline.mjs'), 'help'], { cwd: repoRoot, stdio: 'ignore' });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`redline help exited with ${code}`))));
  });
  return performance.now() - started;
}

export interface StartupResult {
  helpMs: number;
  cold: StartTiming[];
  warm: StartTiming[];
}

export async function measureStartup(options: { runs: number; env: Record<string, string> }): Promise<StartupResult> {
  const result: StartupResult = { helpMs: Number.NaN, cold: [], warm: [] };
  const helps: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    helps.push(await timeHelp());
    const dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'redline-start-')), 'data');
    try {
      result.cold.push(await timeStart({ env: options.env, dataDir }));
      result.warm.push(await timeStart({ env: options.env, dataDir }));
    } finally {
      removeDir(path.dirname(dataDir));
    }
  }
  result.helpMs = median(helps);
  return result;
}

export function startupRows(r: StartupResult): Row[] {
  const m = (list: StartTiming[], key: keyof StartTiming) => median(list.map((t) => t[key]));
  const baseline = `\`redline help\` ${ms(r.helpMs)}`;
  return [
    { scenario: '4 start-up', metric: `cold start: ready line / healthz (median of ${r.cold.length})`, baseline, value: `${ms(m(r.cold, 'readyMs'))} / ${ms(m(r.cold, 'healthzMs'))}`, pass: null },
    { scenario: '4 start-up', metric: `warm start: ready line / healthz (median of ${r.warm.length})`, baseline, value: `${ms(m(r.warm, 'readyMs'))} / ${ms(m(r.warm, 'healthzMs'))}`, pass: null },
  ];
}

/** Builds the UI (npm run build); returns ms, or the error when the build fails (others may be mid-edit). */
export function buildWeb(): Promise<{ ms: number; error?: string }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', 'build'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code) => resolve({ ms: performance.now() - started, error: code === 0 ? undefined : output.slice(-2000) }));
  });
}

export interface BundleResult {
  files: { file: string; bytes: number; gzipBytes: number }[];
  jsGzipBytes: number;
  jsBytes: number;
  cssGzipBytes: number;
}

/** The JS that index.html loads before the app can render: module scripts, modulepreloads, classic scripts. */
export function measureBundle(distDir = path.join(repoRoot, 'web/dist')): BundleResult {
  const html = readFileSync(path.join(distDir, 'index.html'), 'utf8');
  const refs = new Set<string>();
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) refs.add(m[1]);
  for (const m of html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g)) refs.add(m[1]);
  for (const m of html.matchAll(/<link\b[^>]*\bhref="([^"]+)"[^>]*\brel="modulepreload"/g)) refs.add(m[1]);
  const css = [...html.matchAll(/<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"/g)].map((m) => m[1]);
  const sizeOf = (ref: string) => {
    const content = readFileSync(path.join(distDir, ref.replace(/^\//, '')));
    return { file: ref, bytes: content.length, gzipBytes: gzipSync(content).length };
  };
  const files = [...refs].map(sizeOf);
  const cssFiles = css.map(sizeOf);
  return {
    files: [...files, ...cssFiles],
    jsGzipBytes: files.reduce((s, f) => s + f.gzipBytes, 0),
    jsBytes: files.reduce((s, f) => s + f.bytes, 0),
    cssGzipBytes: cssFiles.reduce((s, f) => s + f.gzipBytes, 0),
  };
}

export interface PaintResult {
  loads: number;
  redlineFcp: number[];
  baselineFcp: number[];
  redlineMedian: number;
  baselineMedian: number;
}

/**
 * Median first contentful paint of `loads` loads, each in a fresh browser context (cold HTTP cache),
 * of Redline's UI and of a one-line HTML page served by this process (the browser's own floor).
 */
export async function measurePaint(options: { url: string; loads: number }): Promise<PaintResult> {
  const floor = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>floor</title><p>Hello</p>');
  });
  await new Promise<void>((resolve) => floor.listen(0, '127.0.0.1', resolve));
  const floorUrl = `http://127.0.0.1:${(floor.address() as AddressInfo).port}/`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const fcp = async (url: string): Promise<number> => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    // A string, not a function: tsx would inject its __name helper into a function's source.
    const value = await page.evaluate<number>(FCP_SCRIPT);
    await context.close();
    return value;
  };
  try {
    await fcp(floorUrl);
    await fcp(options.url);
    const result: PaintResult = { loads: options.loads, redlineFcp: [], baselineFcp: [], redlineMedian: 0, baselineMedian: 0 };
    for (let i = 0; i < options.loads; i++) {
      result.baselineFcp.push(await fcp(floorUrl));
      result.redlineFcp.push(await fcp(options.url));
    }
    result.redlineMedian = median(result.redlineFcp);
    result.baselineMedian = median(result.baselineFcp);
    return result;
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => floor.close(() => resolve()));
  }
}

export function uiRows(bundle: BundleResult | null, paint: PaintResult | null, buildNote?: string): Row[] {
  const rows: Row[] = [];
  if (bundle) {
    const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
    rows.push({
      scenario: '4 UI',
      metric: `initial JS gzipped (${bundle.files.filter((f) => f.file.endsWith('.js')).length} files)`,
      baseline: `raw ${kb(bundle.jsBytes)}; CSS gz ${kb(bundle.cssGzipBytes)}`,
      value: kb(bundle.jsGzipBytes) + (buildNote ? ` (${buildNote})` : ''),
      target: '< 200 KB',
      pass: bundle.jsGzipBytes < 200 * 1024,
    });
  }
  if (paint) {
    rows.push({
      scenario: '4 UI',
      metric: `first contentful paint (median of ${paint.loads}, cold cache)`,
      baseline: `1-line page ${ms(paint.baselineMedian)}`,
      value: ms(paint.redlineMedian),
      target: '< 300 ms',
      pass: paint.redlineMedian < 300,
    });
  }
  return rows;
}
