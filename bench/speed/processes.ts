// Children of the benchmark: the fake upstream and Redline each run in their own process, so none of
// them shares an event loop with the load generator.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Variables the parent may carry that would change what Redline configures. */
const CONFIG_VARS = /^(OPENAI_|ANTHROPIC_|GOOGLE_|OLLAMA_|REDLINE_|DATABASE_URL$|HOST$|PORT$|LOG_LEVEL$|HF_ENDPOINT$)/;

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!CONFIG_VARS.test(key)) env[key] = value;
  return { ...env, ...extra };
}

export interface Child {
  child: ChildProcess;
  pid: number;
  output: () => string;
  stop: () => Promise<void>;
}

/** Waits until `pattern` appears on the child's output; rejects on exit or after `timeoutMs`. */
function waitForOutput(child: ChildProcess, read: () => string, options: { pattern: RegExp; timeoutMs: number; what: string }): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`${options.what} did not start in ${options.timeoutMs} ms:\n${read()}`)), options.timeoutMs);
    const check = () => {
      const match = options.pattern.exec(read());
      if (match) done(null, match);
    };
    const onExit = (code: number | null) => done(new Error(`${options.what} exited with ${code}:\n${read()}`));
    const done = (error: Error | null, match?: RegExpExecArray) => {
      clearTimeout(timer);
      child.stdout?.off('data', check);
      child.stderr?.off('data', check);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(match!);
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.once('exit', onExit);
    check();
  });
}

/** SIGTERM, then SIGKILL if the child has not exited after `graceMs`. Only ever this child's pid. */
function stopper(child: ChildProcess, graceMs = 10_000): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
}

function capture(child: ChildProcess): () => string {
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  return () => output;
}

/** The fake OpenAI-compatible upstream, standalone; resolves with its base URL (ending in /v1). */
export async function startFake(options: { tokenDelayMs?: number } = {}): Promise<Child & { url: string }> {
  const args = ['--import', 'tsx', path.join(repoRoot, 'test/fake-upstream/main.ts'), '--port', '0'];
  if (options.tokenDelayMs !== undefined) args.push('--token-delay', String(options.tokenDelayMs));
  const child = spawn(process.execPath, args, { cwd: repoRoot, env: cleanEnv({}), stdio: ['ignore', 'pipe', 'pipe'] });
  const output = capture(child);
  const match = await waitForOutput(child, output, { pattern: /^\S+ (http:\/\/\S+)$/m, timeoutMs: 30_000, what: 'fake upstream' });
  return { child, pid: child.pid!, output, stop: stopper(child), url: match[1] };
}

export interface RedlineChild extends Child {
  url: string;
  dataDir: string;
  /** ms from spawn to the "running at" line. */
  readyMs: number;
}

export interface RedlineOptions {
  env?: Record<string, string>;
  /** Reuse a data dir (warm start); default a fresh temp dir. */
  dataDir?: string;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
}

/** `redline serve` on 127.0.0.1 with an ephemeral port and its own data dir. */
export async function startRedline(options: RedlineOptions = {}): Promise<RedlineChild> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'redline-bench-'));
  const started = performance.now();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), path.join(repoRoot, 'bin/redline.mjs'), 'serve'], {
    cwd: repoRoot,
    env: cleanEnv({ HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', REDLINE_DETECT_OLLAMA: '0', REDLINE_DATA_DIR: dataDir, ...options.env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = capture(child);
  const match = await waitForOutput(child, output, { pattern: /running at (http:\/\/\S+)/, timeoutMs: 120_000, what: 'redline' });
  const readyMs = performance.now() - started;
  return { child, pid: child.pid!, output, stop: stopper(child), url: match[1], dataDir, readyMs };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Signs in passwordless (loopback) and creates an API key for the owner through the app API. */
export async function createApiKey(url: string): Promise<string> {
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  const cookie = login.headers.get('set-cookie')?.split(';')[0];
  if (!login.ok || !cookie) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const res = await fetch(`${url}/api/keys`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: '{"name":"bench"}' });
  if (!res.ok) throw new Error(`keys create failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { secret: string }).secret;
}

/** Resident set size and its peak (kB → MB) of a live process, from /proc. */
export function memoryOf(pid: number): { rssMb: number; hwmMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}

/** One value of a Prometheus text exposition (the first series with that name). */
export function metricValue(text: string, name: string): number {
  const match = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
  return match ? Number(match[1]) : Number.NaN;
}

/** CPU time (user + system, ms) a live process has used so far, from /proc/<pid>/stat. */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime are fields 14 and 15 of stat, 11 and 12 after the command name; in clock ticks (100 Hz on Linux).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
