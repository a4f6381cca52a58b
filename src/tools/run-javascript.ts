import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { ToolInputError, type Tool } from './types.js';

const input = z.object({ code: z.string().min(1).max(20_000) });

export interface SandboxLimits {
  timeoutMs: number;
  memoryBytes: number;
  maxOutputChars: number;
}

export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = { timeoutMs: 2000, memoryBytes: 32 * 1024 * 1024, maxOutputChars: 8000 };

type WorkerAnswer = { ok: true; output: string; value: string | null } | { ok: false; output: string; error: string };

/** Runs code in the QuickJS worker; resolves with what it printed and returned. */
export function runInSandbox(code: string, limits: SandboxLimits = DEFAULT_SANDBOX_LIMITS, signal?: AbortSignal): Promise<WorkerAnswer> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./sandbox-worker.mjs', import.meta.url), { workerData: { code, ...limits }, resourceLimits: { maxOldGenerationSizeMb: 64 } });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(killer);
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      fn();
    };
    // The VM interrupts itself at the deadline; this is the backstop (QuickJS's own start-up included).
    const killer = setTimeout(() => finish(() => resolve({ ok: false, output: '', error: `Stopped: the code ran longer than ${limits.timeoutMs} ms.` })), limits.timeoutMs + 3000);
    const onAbort = () => finish(() => reject(signal?.reason ?? new Error('Aborted')));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.once('message', (answer: WorkerAnswer) => finish(() => resolve(answer)));
    worker.once('error', (error) => finish(() => resolve({ ok: false, output: '', error: /memory/i.test(error.message) ? 'Stopped: the code used more memory than allowed.' : error.message })));
    worker.once('exit', (exitCode) => finish(() => resolve({ ok: false, output: '', error: `The sandbox stopped (exit code ${exitCode}).` })));
  });
}

/** JavaScript in a WASM sandbox (QuickJS): no files, no network, no timers; time, memory and output capped. */
export function runJavascriptTool(limits: SandboxLimits = DEFAULT_SANDBOX_LIMITS): Tool<z.infer<typeof input>> {
  return {
    name: 'run_javascript',
    description: `Run JavaScript (ES2023) in an isolated sandbox and get what it prints with console.log and the value of its last expression. No files, network, imports or timers; at most ${limits.timeoutMs} ms and ${Math.round(limits.memoryBytes / 1048576)} MB. Use it to compute, simulate, transform data or check code.`,
    inputSchema: {
      type: 'object',
      properties: { code: { type: 'string', description: 'The program. Print results with console.log, or end with an expression.' } },
      required: ['code'],
      additionalProperties: false,
    },
    parse: input,
    timeoutMs: limits.timeoutMs + 5000,
    async run({ code }, context) {
      const answer = await runInSandbox(code, limits, context.signal);
      if (!answer.ok) throw new ToolInputError(`${answer.output ? `Output before the error:\n${answer.output}\n` : ''}${answer.error}`);
      const parts = [answer.output.trimEnd(), answer.value !== null ? `=> ${answer.value}` : ''].filter(Boolean);
      return { text: parts.join('\n') || '(no output)' };
    },
  };
}
