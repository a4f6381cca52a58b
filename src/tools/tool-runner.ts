import type { LanguageModelV3FunctionTool, LanguageModelV3ToolResultPart } from '@ai-sdk/provider';
import { ToolInputError, ToolTimeoutError, type Tool, type ToolCallRecord, type ToolContext } from './types.js';

/** A call as the model made it: the arguments are a JSON string, unparsed and untrusted. */
export interface ToolCallRequest {
  toolCallId: string;
  toolName: string;
  input: string;
}

/** Tools beyond the fixed ones, read at each use (MCP servers come, go and change their lists). */
export interface ToolRunnerOptions {
  extraTools?: () => readonly Tool[];
}

const MAX_RESULT_CHARS = 12_000;
const MAX_STORED_CHARS = 4000;

/**
 * The tools of one turn: their definitions for the model, and running a call with its input
 * validated and its time bounded. A failure becomes an error result the model can read and recover
 * from; it never fails the turn.
 */
export class ToolRunner {
  private readonly fixed: Map<string, Tool>;

  constructor(
    tools: Tool[],
    private readonly options: ToolRunnerOptions = {},
  ) {
    this.fixed = new Map(tools.map((tool) => [tool.name, tool as Tool]));
  }

  get size(): number {
    return this.byName().size;
  }

  definitions(): LanguageModelV3FunctionTool[] {
    return [...this.byName().values()].map((tool) => ({ type: 'function', name: tool.name, description: tool.description, inputSchema: tool.inputSchema }));
  }

  /** The fixed tools and the current extra ones; a fixed tool keeps its name against an extra one. */
  private byName(): Map<string, Tool> {
    const extra = this.options.extraTools?.() ?? [];
    if (extra.length === 0) return this.fixed;
    const all = new Map(this.fixed);
    for (const tool of extra) if (!all.has(tool.name)) all.set(tool.name, tool);
    return all;
  }

  /** Runs one call; resolves with the result part for the prompt and the record for the answer's metadata. */
  async run(call: ToolCallRequest, context: ToolContext & { step: number }): Promise<{ part: LanguageModelV3ToolResultPart; record: ToolCallRecord }> {
    const started = performance.now();
    let input: unknown = call.input;
    let output: string | null = null;
    let error: string | null = null;
    try {
      const tools = this.byName();
      const tool = tools.get(call.toolName);
      if (!tool) throw new ToolInputError(`There is no tool named "${call.toolName}". Available: ${[...tools.keys()].join(', ')}.`);
      input = parseArguments(call.input);
      const parsed = tool.parse.safeParse(input);
      if (!parsed.success) throw new ToolInputError(`Invalid arguments for ${tool.name}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'input'} ${i.message}`).join('; ')}.`);
      const result = await withTimeout(tool, (signal) => tool.run(parsed.data, { userId: context.userId, conversationId: context.conversationId, signal }), context.signal);
      output = result.text.length > MAX_RESULT_CHARS ? `${result.text.slice(0, MAX_RESULT_CHARS)}\n… (cut at ${MAX_RESULT_CHARS} characters)` : result.text;
    } catch (caught) {
      if (context.signal.aborted) throw caught;
      error = caught instanceof Error ? caught.message : String(caught);
    }
    const ms = Math.round(performance.now() - started);
    const part: LanguageModelV3ToolResultPart = {
      type: 'tool-result',
      toolCallId: call.toolCallId,
      toolName: call.toolName,
      output: error === null ? { type: 'text', value: output ?? '' } : { type: 'error-text', value: error },
    };
    const stored = output !== null && output.length > MAX_STORED_CHARS ? `${output.slice(0, MAX_STORED_CHARS)}…` : output;
    return { part, record: { id: call.toolCallId, name: call.toolName, input, output: stored, error, ms, step: context.step } };
  }
}

function parseArguments(raw: string): unknown {
  if (!raw.trim()) return {};
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new ToolInputError(`The arguments are not valid JSON: ${raw.slice(0, 200)}`);
  }
}

/** Runs a tool with its own deadline, linked to the turn's signal. */
async function withTimeout<T>(tool: Tool, run: (signal: AbortSignal) => Promise<T>, parent: AbortSignal): Promise<T> {
  // Preparing is bounded work of its own (a library load); a turn stopped meanwhile stops right after it.
  if (tool.prepare) await tool.prepare();
  if (parent.aborted) throw parent.reason;
  const controller = new AbortController();
  const onAbort = () => controller.abort(parent.reason);
  parent.addEventListener('abort', onAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      run(controller.signal),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          controller.abort(new ToolTimeoutError(tool.name, tool.timeoutMs));
          reject(new ToolTimeoutError(tool.name, tool.timeoutMs));
        }, tool.timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    parent.removeEventListener('abort', onAbort);
  }
}

