import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/index.js';
import { DataDirLockedError } from '../db/index.js';
import type { ModelInfo } from '../models/index.js';
import { startServer } from '../server/index.js';
import { ApiError, connectApi } from './api-client.js';
import { runChat } from './chat-command.js';
import { runImport } from './import-command.js';
import { runMemory } from './memory-command.js';
import { downloadRecommendedModel } from './setup-command.js';

const USAGE = `Usage: redline <command> [options]

Commands:
  serve                 start the server and web UI (default; HOST, PORT to change where)
  chat [--model ID] [--conversation ID]
                        chat in the terminal (/new, /model, /exit)
  keys create [--name NAME]
                        print a new API key for the owner
  keys list             list the owner's API keys
  models                list available models
  setup                 download the recommended local model
  import FILE           import a ChatGPT conversations.json or a Redline export
  memory list [QUERY]   what Redline remembers about you (best matches first with QUERY)
  memory export [FILE]  save every memory, with history, as JSON (stdout without FILE)
  memory delete ID      forget one memory for good
  help                  show this help

Environment: OPENAI_API_KEY, OPENAI_BASE_URL, ANTHROPIC_API_KEY, GOOGLE_GENERATIVE_AI_API_KEY,
OLLAMA_HOST, REDLINE_MODEL (GGUF path or hf: URI), DATABASE_URL, REDLINE_DATA_DIR, HOST, PORT.
See README.md.`;

/** The CLI entry: one function per command; process.env is read here and in config only. */
export async function main(argv: string[]): Promise<number> {
  const [command = 'serve', ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { model: { type: 'string' }, conversation: { type: 'string' }, name: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const config = loadConfig();

  switch (command) {
    case 'serve':
      return serve(config);
    case 'chat':
      // Chatting in-process also runs the background jobs its turns enqueue (memory, summaries).
      return withApi(config, (api) => runChat(api, { input: process.stdin, out: process.stdout }, { model: values.model, conversationId: values.conversation }), { runJobs: true });
    case 'import':
      if (!positionals[0]) {
        process.stderr.write('Usage: redline import <conversations.json | redline-export.json>\n');
        return 2;
      }
      return withApi(config, (api) => runImport(api, { file: positionals[0], maxPartBytes: config.limits.maxImportBytes, out: process.stdout }));
    case 'memory':
      return withApi(config, (api) => runMemory(api, { args: positionals, out: process.stdout, err: process.stderr }));
    case 'keys':
      if (positionals[0] === 'create') {
        return withApi(config, async (api) => {
          const { secret } = await api.json<{ secret: string }>('POST', '/api/keys', { name: values.name ?? 'CLI key' });
          process.stdout.write(`${secret}\n`);
          return 0;
        });
      }
      if (positionals[0] === 'list') {
        return withApi(config, async (api) => {
          const { keys } = await api.json<{ keys: { name: string; prefix: string; createdAt: string }[] }>('GET', '/api/keys');
          for (const key of keys) process.stdout.write(`${key.prefix}…  ${key.name}  ${key.createdAt}\n`);
          return 0;
        });
      }
      process.stderr.write('Usage: redline keys create [--name NAME] | redline keys list\n');
      return 2;
    case 'models':
      return withApi(config, async (api) => {
        const { models, default: def } = await api.json<{ models: ModelInfo[]; default: string | null }>('GET', '/api/models');
        if (models.length === 0) process.stdout.write('No models. Run `redline setup` or configure a provider (see README.md).\n');
        for (const m of models) process.stdout.write(`${m.id === def ? '*' : ' '} ${m.id}\n`);
        return 0;
      });
    case 'setup':
      return withApi(config, async (api) => ((await downloadRecommendedModel(api, process.stdout)) ? 0 : 1));
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${USAGE}\n`);
      return 2;
  }
}

async function serve(config: ReturnType<typeof loadConfig>): Promise<number> {
  const running = await startServer(config);
  const { runtime } = running;
  const models = await runtime.models.list();
  process.stdout.write(`\nRedline is running at ${running.url}\n`);
  process.stdout.write(`  data: ${config.databaseUrl ? 'Postgres (DATABASE_URL)' : config.dataDir}\n`);
  process.stdout.write(`  models: ${models.length ? models.map((m) => m.id).slice(0, 6).join(', ') + (models.length > 6 ? ', …' : '') : 'none yet: open the UI to download the recommended local model, or see README.md'}\n`);
  if (runtime.generatedOwnerPassword) {
    process.stdout.write(`\n  Sign in as ${runtime.owner.email} with the password: ${runtime.generatedOwnerPassword}\n  (shown once; change it in Settings)\n`);
  }
  process.stdout.write('\n');
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await running.close();
  return 0;
}

async function withApi(config: ReturnType<typeof loadConfig>, run: (api: Awaited<ReturnType<typeof connectApi>>) => Promise<number>, options: { runJobs?: boolean } = {}): Promise<number> {
  const api = await connectApi(config, options);
  try {
    return await run(api);
  } finally {
    await api.close();
  }
}

/** Prints an error as a user should see it: the message, no stack, for the errors we expect. */
export function reportError(error: unknown): number {
  if (error instanceof ConfigError || error instanceof DataDirLockedError || error instanceof ApiError) {
    process.stderr.write(`redline: ${error.message}\n`);
    return 1;
  }
  if (error instanceof Error && (error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    process.stderr.write(`redline: the port is already in use (${error.message}). Set PORT to another port.\n`);
    return 1;
  }
  process.stderr.write(`redline: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}
