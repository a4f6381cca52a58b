import { createInterface } from 'node:readline';
import type { Conversation, Message } from '../chat/index.js';
import type { LocalSetup, ModelInfo } from '../models/index.js';
import { apiError, type ApiClient } from './api-client.js';
import { downloadRecommendedModel } from './setup-command.js';
import { readSse } from './sse.js';

interface ChatIo {
  input: NodeJS.ReadableStream;
  out: NodeJS.WriteStream;
}

const HELP = 'Commands: /new  start a new conversation · /model [id]  show or switch the model · /think  think harder on or off · /exit  quit. Ctrl+C stops an answer.';

/** `redline chat`: a terminal chat that streams answers and keeps history in the same store as the UI. */
export async function runChat(api: ApiClient, io: ChatIo, options: { model?: string; conversationId?: string }): Promise<number> {
  const { out } = io;
  const modelsInfo = await api.json<{ models: ModelInfo[]; default: string | null; setup: LocalSetup }>('GET', '/api/models');
  let model = options.model ?? modelsInfo.default ?? undefined;
  if (!model && modelsInfo.setup.needed) {
    out.write(`No model is configured.\n${modelsInfo.setup.hint}\n`);
    if (!io.out.isTTY || !(await confirm(io, `Download ${modelsInfo.setup.model} now? [Y/n] `))) return 1;
    if (!(await downloadRecommendedModel(api, out))) return 1;
    model = (await api.json<{ default: string | null }>('GET', '/api/models')).default ?? undefined;
  }
  if (!model) {
    out.write('No model is available. Check `redline models`.\n');
    return 1;
  }

  let conversation: Conversation | null = options.conversationId
    ? (await api.json<{ conversation: Conversation }>('GET', `/api/conversations/${options.conversationId}`)).conversation
    : null;
  out.write(`Redline chat · model ${model} · ${api.target === 'in-process' ? 'local store' : api.target}\n${HELP}\n`);

  // In a terminal, readline reads keys in raw mode: Ctrl+C arrives as a key, not as a signal to the
  // whole process group, so `npx`/`npm run` wrappers do not exit when the user only wants to stop an answer.
  const interactive = Boolean(out.isTTY && (io.input as NodeJS.ReadStream).isTTY);
  const rl = createInterface({ input: io.input, output: interactive ? out : undefined, terminal: interactive, prompt: 'you › ' });
  let current: AbortController | null = null;
  let think = false;
  const onSigint = () => {
    if (current) current.abort();
    else rl.close();
  };
  rl.on('SIGINT', onSigint);
  process.on('SIGINT', onSigint);
  const prompt = () => {
    if (!interactive) return;
    out.write('\n');
    rl.prompt();
  };
  prompt();
  try {
    for await (const raw of rl) {
      const line = raw.trim();
      if (!line) {
        prompt();
        continue;
      }
      if (line === '/exit' || line === '/quit') break;
      if (line === '/help') out.write(`${HELP}\n`);
      else if (line === '/new') {
        conversation = null;
        out.write('Started a new conversation.\n');
      } else if (line === '/think') {
        think = !think;
        out.write(think ? 'Think harder is on: the model reasons before it answers (slower).\n' : 'Think harder is off.\n');
      } else if (line.startsWith('/model')) {
        const wanted = line.slice('/model'.length).trim();
        const { models } = await api.json<{ models: ModelInfo[] }>('GET', '/api/models');
        if (!wanted) out.write(`Current model: ${model}\nAvailable:\n${models.map((m) => `  ${m.id}`).join('\n')}\n`);
        else if (!models.some((m) => m.id === wanted)) out.write(`Unknown model "${wanted}". Type /model to list them.\n`);
        else {
          model = wanted;
          out.write(`Switched to ${model}.\n`);
        }
      } else if (line.startsWith('/')) {
        out.write(`Unknown command ${line.split(' ')[0]}. ${HELP}\n`);
      } else {
        conversation ??= (await api.json<{ conversation: Conversation }>('POST', '/api/conversations', { model })).conversation;
        current = new AbortController();
        await streamAnswer({ api, out, conversationId: conversation.id, body: { content: line, model, ...(think ? { reasoning: 'high' as const } : {}) }, signal: current.signal });
        current = null;
      }
      prompt();
    }
  } finally {
    process.off('SIGINT', onSigint);
    rl.close();
  }
  out.write('\n');
  return 0;
}

interface AnswerRequest {
  api: ApiClient;
  out: NodeJS.WriteStream;
  conversationId: string;
  body: { content: string; model: string; reasoning?: 'high' };
  signal: AbortSignal;
}

async function streamAnswer({ api, out, conversationId, body, signal }: AnswerRequest): Promise<void> {
  const response = await api.request('POST', `/api/conversations/${conversationId}/messages`, body);
  if (!response.ok || !response.body) {
    out.write(`Error: ${(await apiError(response)).message}\n`);
    return;
  }
  let assistantId: string | null = null;
  let thinking = false;
  const stop = () => {
    if (assistantId) void api.request('POST', `/api/conversations/${conversationId}/messages/${assistantId}/stop`);
  };
  signal.addEventListener('abort', stop, { once: true });
  if (out.isTTY) out.write('\nredline › ');
  for await (const event of readSse(response.body)) {
    const data = JSON.parse(event.data) as { assistantMessage?: Message; text?: string; message?: Message | null; error?: { message: string }; call?: { name: string; status: string } };
    switch (event.event) {
      case 'start':
        assistantId = data.assistantMessage?.id ?? null;
        break;
      case 'reasoning':
        // The working, dimmed in a terminal, before the answer.
        if (!thinking) out.write(out.isTTY ? '\x1b[2m[thinking] ' : '[thinking] ');
        thinking = true;
        out.write(data.text ?? '');
        break;
      case 'delta':
        if (thinking) out.write(out.isTTY ? '\x1b[0m\n\n' : '\n\n');
        thinking = false;
        out.write(data.text ?? '');
        break;
      case 'tool':
        if (data.call?.status !== 'running') out.write(`[${data.call?.name ?? 'tool'}${data.call?.status === 'error' ? ' failed' : ''}]\n`);
        break;
      case 'done':
        out.write(data.message?.status === 'stopped' ? '\n[stopped]\n' : '\n');
        break;
      case 'error':
        out.write(`\n[error] ${data.error?.message ?? 'The model failed.'}\n`);
        break;
    }
  }
  signal.removeEventListener('abort', stop);
}

function confirm(io: ChatIo, question: string): Promise<boolean> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: io.input, output: io.out });
    rl.question(question, (answer) => {
      rl.close();
      resolve(!/^n/i.test(answer.trim()));
    });
  });
}
