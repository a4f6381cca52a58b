// The server's TypeScript, transpiled once into plain JavaScript under dist/ (the same tree as src/,
// at the same depth, so paths taken from import.meta.url hold in both). bin/redline.mjs rebuilds it
// when any source is newer than the last build or a source was added or removed, so there is still
// no build step to forget. Why not tsx at run time (docs/decisions/013): its loader runs in a second
// thread with its own V8 heap (about 90 MB resident) and re-reads every module through it at every
// start (`redline help` 1.6 s against 0.2 s), and it wraps every named function in a `__name` call.
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const STAMP = '.build-stamp.json';
const isTest = (file) => file.endsWith('.test.ts');

/** Every source file under `dir` but tests, as paths relative to it, with the newest mtime. */
function sources(dir) {
  const files = [];
  let newest = 0;
  const walk = (sub) => {
    for (const entry of readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = path.join(sub, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (!isTest(entry.name)) {
        files.push(rel);
        newest = Math.max(newest, statSync(path.join(dir, rel)).mtimeMs);
      }
    }
  };
  walk('');
  return { files: files.sort(), newest };
}

/**
 * The newest mtime of what decides the output besides the sources: this script, the tsconfig and the
 * installed esbuild. A change to any of them (a pull that edits the build, a reinstall) rebuilds too.
 */
function builderNewest(tsconfig) {
  const inputs = [fileURLToPath(import.meta.url), tsconfig, path.join(root, 'node_modules/esbuild/package.json')];
  return Math.max(...inputs.map((file) => (existsSync(file) ? statSync(file).mtimeMs : 0)));
}

/** Whether `out` was built from `src` as it is now (same files, none changed since, nor the builder). */
export function isFresh({ src = path.join(root, 'src'), out = path.join(root, 'dist'), tsconfig = path.join(root, 'tsconfig.json') } = {}) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(path.join(out, STAMP), 'utf8'));
  } catch {
    return false;
  }
  const now = sources(src);
  const same = now.files.length === stamp.files.length && now.files.every((file, i) => file === stamp.files[i]);
  return same && now.newest <= stamp.newest && builderNewest(tsconfig) <= (stamp.builder ?? 0);
}

/** A builder older than this is taken to have died holding the lock. */
const STALE_LOCK_MS = 120_000;

/**
 * Builds unless the build is fresh; resolves true when it built. Processes starting at once (the
 * test suite spawns several) take turns on a lock file, and the ones that waited find it fresh.
 */
export async function buildIfNeeded(options = {}) {
  if (isFresh(options)) return false;
  const lock = `${options.out ?? path.join(root, 'dist')}.lock`;
  while (!tryLock(lock)) {
    await sleep(50);
    if (isFresh(options)) return false;
  }
  try {
    if (isFresh(options)) return false;
    await build(options);
    return true;
  } finally {
    rmSync(lock, { force: true });
  }
}

function tryLock(lock) {
  try {
    closeSync(openSync(lock, 'wx'));
    return true;
  } catch (error) {
    if (error.code !== 'EEXIST') throw error;
    try {
      if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) rmSync(lock, { force: true });
    } catch {
      // Released meanwhile: the next try takes it.
    }
    return false;
  }
}

/**
 * Transpiles every .ts under `src` (tests left out) to .js under `out` and copies every other file
 * (SQL migrations, worker scripts) as it is. Builds into a new directory and swaps it in, so a
 * process starting meanwhile sees the old build or the new one, never half of one.
 */
export async function build({ src = path.join(root, 'src'), out = path.join(root, 'dist'), tsconfig = path.join(root, 'tsconfig.json') } = {}) {
  const { build: esbuild } = await import('esbuild');
  const { files, newest } = sources(src);
  const builder = builderNewest(tsconfig);
  const staging = `${out}.building-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    const scripts = files.filter((file) => file.endsWith('.ts'));
    await esbuild({
      entryPoints: scripts.map((file) => path.join(src, file)),
      outdir: staging,
      outbase: src,
      format: 'esm',
      platform: 'node',
      target: `node${process.versions.node.split('.')[0]}`,
      sourcemap: 'linked',
      tsconfig,
      logLevel: 'silent',
    });
    for (const file of files.filter((file) => !file.endsWith('.ts'))) {
      mkdirSync(path.dirname(path.join(staging, file)), { recursive: true });
      copyFileSync(path.join(src, file), path.join(staging, file));
    }
    checkImports(staging, scripts);
    writeFileSync(path.join(staging, STAMP), JSON.stringify({ newest, builder, files }));
    swapIn(staging, out);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Node resolves ESM specifiers as written: an import without its `.js` (which tsx forgives) would
 * fail only when that module is first loaded. Refuse the build instead, naming the file.
 */
function checkImports(dir, scripts) {
  const relative = /(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g;
  for (const script of scripts) {
    const file = path.join(dir, script.replace(/\.ts$/, '.js'));
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(relative)) {
      if (!existsSync(path.resolve(path.dirname(file), specifier))) {
        throw new Error(`src/${script} imports "${specifier}", which does not exist as written (relative imports need their .js extension).`);
      }
    }
  }
}

function swapIn(staging, out) {
  const old = `${out}.old-${process.pid}`;
  if (existsSync(out)) renameSync(out, old);
  renameSync(staging, out);
  rmSync(old, { recursive: true, force: true });
}

// `node scripts/server-build.mjs`: build now if needed (npm test does, before its processes start).
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await buildIfNeeded();
