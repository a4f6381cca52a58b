import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** One OpenAI-compatible provider serving model `m` from `baseURL` (a fake upstream's url). */
export function fakeProvider(baseURL: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { kind: 'openai-compatible', baseURL, models: ['m'], ...extra };
}

/** A config file (redline.config.json format) written to a temp dir; `remove()` deletes the dir. */
export interface ConfigFileOnDisk {
  path: string;
  remove(): void;
}

/**
 * Writes `config` as a Redline config file in a fresh temp dir, for `REDLINE_CONFIG`.
 *
 * @example const file = writeConfigFile({ providers: { primary: fakeProvider(a.url) }, aliases: { chat: ['primary:m'] } });
 */
export function writeConfigFile(config: Record<string, unknown>): ConfigFileOnDisk {
  const dir = mkdtempSync(path.join(tmpdir(), 'redline-reliability-'));
  const file = path.join(dir, 'redline.config.json');
  writeFileSync(file, JSON.stringify(config, null, 2));
  return { path: file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
