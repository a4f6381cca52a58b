import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load-config.js';

const dir = () => mkdtempSync(path.join(tmpdir(), 'redline-config-'));

describe('loadConfig', () => {
  it('defaults to loopback:8080 with no providers', () => {
    const cwd = dir();
    const config = loadConfig({ REDLINE_DATA_DIR: cwd }, cwd);
    expect(config).toMatchObject({ host: '127.0.0.1', port: 8080, providers: [], databaseUrl: null, detectOllama: true });
  });

  it('reads providers from the usual env vars', () => {
    const cwd = dir();
    const config = loadConfig(
      { REDLINE_DATA_DIR: cwd, OPENAI_API_KEY: 'sk', ANTHROPIC_API_KEY: 'a', GOOGLE_GENERATIVE_AI_API_KEY: 'g', OLLAMA_HOST: 'gpu:11434', REDLINE_MODEL: '/m/Qwen2.5-3B.Q4.gguf' },
      cwd,
    );
    expect(config.providers.map((p) => [p.id, p.kind])).toEqual([
      ['openai', 'openai'],
      ['anthropic', 'anthropic'],
      ['google', 'google'],
      ['ollama', 'ollama'],
      ['local', 'local'],
    ]);
    expect(config.providers.find((p) => p.id === 'ollama')?.baseURL).toBe('http://gpu:11434');
    expect(config.providers.find((p) => p.id === 'local')?.models).toEqual({ 'Qwen2.5-3B.Q4': '/m/Qwen2.5-3B.Q4.gguf' });
    expect(config.detectOllama).toBe(false);
  });

  it('treats OPENAI_BASE_URL as an OpenAI-compatible server', () => {
    const cwd = dir();
    const config = loadConfig({ REDLINE_DATA_DIR: cwd, OPENAI_BASE_URL: 'http://vllm:8000/v1' }, cwd);
    expect(config.providers[0]).toMatchObject({ id: 'openai', kind: 'openai-compatible', baseURL: 'http://vllm:8000/v1' });
  });

  it('merges the config file with env vars and expands ${VAR}', () => {
    const cwd = dir();
    writeFileSync(
      path.join(cwd, 'redline.config.json'),
      JSON.stringify({ providers: { work: { kind: 'openai-compatible', baseURL: 'http://box:8000/v1', apiKey: '${WORK_KEY}' } }, aliases: { smart: ['work:big', 'openai:gpt-4.1'], fast: 'work:small' }, defaultModel: 'fast' }),
    );
    const config = loadConfig({ REDLINE_DATA_DIR: cwd, WORK_KEY: 'secret"quote', OPENAI_API_KEY: 'sk' }, cwd);
    expect(config.providers.find((p) => p.id === 'work')?.apiKey).toBe('secret"quote');
    expect(config.aliases).toEqual({ smart: { models: ['work:big', 'openai:gpt-4.1'] }, fast: { models: ['work:small'] } });
    expect(config.defaultModel).toBe('fast');
  });

  it('says what is wrong in an invalid config file', () => {
    const cwd = dir();
    writeFileSync(path.join(cwd, 'redline.config.json'), JSON.stringify({ providers: { x: { kind: 'nope' } } }));
    expect(() => loadConfig({ REDLINE_DATA_DIR: cwd }, cwd)).toThrow(ConfigError);
    expect(() => loadConfig({ REDLINE_DATA_DIR: cwd }, cwd)).toThrow(/providers\.x\.kind/);
    writeFileSync(path.join(cwd, 'redline.config.json'), '{ not json');
    expect(() => loadConfig({ REDLINE_DATA_DIR: cwd }, cwd)).toThrow(/Cannot read/);
  });

  it('rejects a bad PORT', () => {
    const cwd = dir();
    expect(() => loadConfig({ REDLINE_DATA_DIR: cwd, PORT: 'eighty' }, cwd)).toThrow(/PORT/);
  });
});
