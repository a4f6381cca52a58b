import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { build, buildIfNeeded, isFresh } from '../../scripts/server-build.mjs';
import { redlineBin, repoRoot } from '../support/spawn-redline.js';

const run = promisify(execFile);

describe('the server build (bin/redline.mjs runs dist/, made from src/)', () => {
  let dir: string;
  let dirs: { src: string; out: string };
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(dirs.src, file)), { recursive: true });
    writeFileSync(path.join(dirs.src, file), text);
  };
  const runOut = async (file: string) => (await run(process.execPath, [path.join(dirs.out, file)])).stdout.trim();

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'redline-build-'));
    dirs = { src: path.join(dir, 'src'), out: path.join(dir, 'dist') };
    write('main.ts', "import { greet } from './lib/greet.js';\nimport type { Name } from './lib/greet.js';\nconst who: Name = 'tea';\nconsole.log(greet(who));\n");
    write('lib/greet.ts', "export type Name = string;\nexport const greet = (name: Name): string => `hello ${name}`;\n");
    write('db/migrations/0000_init.sql', 'create table t (id int);\n');
    write('lib/greet.test.ts', "throw new Error('tests are not part of the build');\n");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('transpiles the TypeScript, copies other files as they are and leaves tests out', async () => {
    expect(await buildIfNeeded(dirs)).toBe(true);
    expect(await runOut('main.js')).toBe('hello tea');
    expect(readFileSync(path.join(dirs.out, 'db/migrations/0000_init.sql'), 'utf8')).toBe('create table t (id int);\n');
    expect(existsSync(path.join(dirs.out, 'lib/greet.test.js'))).toBe(false);
    expect(isFresh(dirs)).toBe(true);
    expect(await buildIfNeeded(dirs)).toBe(false);
  });

  it('builds again when a source changes, and a removed source leaves the build with it', async () => {
    await build(dirs);
    write('lib/greet.ts', "export type Name = string;\nexport const greet = (name: Name): string => `hi ${name}`;\n");
    const later = new Date(Date.now() + 5_000);
    utimesSync(path.join(dirs.src, 'lib/greet.ts'), later, later);
    expect(isFresh(dirs)).toBe(false);
    expect(await buildIfNeeded(dirs)).toBe(true);
    expect(await runOut('main.js')).toBe('hi tea');

    write('extra.ts', 'export const extra = 1;\n');
    expect(isFresh(dirs)).toBe(false);
    await buildIfNeeded(dirs);
    rmSync(path.join(dirs.src, 'extra.ts'));
    expect(isFresh(dirs)).toBe(false);
    await buildIfNeeded(dirs);
    expect(existsSync(path.join(dirs.out, 'extra.js'))).toBe(false);
  });

  it('builds again when what builds it changes: its tsconfig here, as after a pull that edits the build', async () => {
    const tsconfig = path.join(dir, 'tsconfig.json');
    writeFileSync(tsconfig, '{"compilerOptions": {"target": "es2022"}}\n');
    const withConfig = { ...dirs, tsconfig };
    await build(withConfig);
    expect(isFresh(withConfig)).toBe(true);
    const later = new Date(Date.now() + 5_000);
    utimesSync(tsconfig, later, later);
    expect(isFresh(withConfig)).toBe(false);
    expect(await buildIfNeeded(withConfig)).toBe(true);
    expect(isFresh(withConfig)).toBe(true);
  });

  it('refuses an import Node could not resolve, naming it, and keeps the previous build', async () => {
    await build(dirs);
    write('main.ts', "import { greet } from './lib/greet';\nconsole.log(greet('tea'));\n");
    await expect(build(dirs)).rejects.toThrow(/src\/main\.ts imports "\.\/lib\/greet", which does not exist as written/);
    expect(await runOut('main.js')).toBe('hello tea');
  });

  it('builds once when several processes start at the same time', async () => {
    const results = await Promise.all([buildIfNeeded(dirs), buildIfNeeded(dirs), buildIfNeeded(dirs)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await runOut('main.js')).toBe('hello tea');
    expect(existsSync(`${dirs.out}.lock`)).toBe(false);
  });

  it("builds Redline's own sources and runs them", async () => {
    const { stdout } = await run(process.execPath, [redlineBin, 'help'], { cwd: repoRoot });
    expect(stdout).toMatch(/^Usage: redline <command>/);
    expect(isFresh()).toBe(true);
  });
});
