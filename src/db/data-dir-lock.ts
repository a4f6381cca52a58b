import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** What a running server writes into its data directory so that CLI commands can find it. */
export interface ServerLock {
  pid: number;
  url: string;
  startedAt: string;
}

/** Raised when another live process already owns the data directory (PGlite is single-process). */
export class DataDirLockedError extends Error {
  readonly code = 'data_dir_locked';
  constructor(readonly lock: ServerLock, dir: string) {
    super(`Another Redline process (pid ${lock.pid}, ${lock.url}) is using ${dir}. Stop it, or set REDLINE_DATA_DIR to another folder.`);
    this.name = 'DataDirLockedError';
  }
}

const lockFile = (dir: string) => path.join(dir, 'server.lock.json');

/** Reads the lock of a live process, or null when there is none (a stale lock from a killed process is ignored). */
export function readServerLock(dir: string): ServerLock | null {
  let lock: ServerLock;
  try {
    lock = JSON.parse(readFileSync(lockFile(dir), 'utf8')) as ServerLock;
  } catch {
    return null;
  }
  return isAlive(lock.pid) ? lock : null;
}

/** Takes the data directory for this process; returns a function that releases it. */
export function acquireDataDirLock(dir: string, url: string): () => void {
  mkdirSync(dir, { recursive: true });
  const existing = readServerLock(dir);
  if (existing && existing.pid !== process.pid) throw new DataDirLockedError(existing, dir);
  const lock: ServerLock = { pid: process.pid, url, startedAt: new Date().toISOString() };
  writeFileSync(lockFile(dir), JSON.stringify(lock));
  return () => {
    const current = readServerLock(dir);
    if (current?.pid === process.pid) rmSync(lockFile(dir), { force: true });
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
