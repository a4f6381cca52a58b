import { APICallError } from '@ai-sdk/provider';
import type { ResolvedModel } from '../models/index.js';
import type { ToolRunner } from '../tools/index.js';

/** Bounds of one turn's tool loop. */
export interface ToolBudget {
  /** Model calls that may ask for tools; the one after the last answers in text. */
  maxSteps: number;
  /** Wall time after which no more tools are offered. */
  totalMs: number;
}

/**
 * The tools of app turns: which models get them, and the models found not to take them. Local GGUF
 * models get none (the in-process engine has no tool calling); a provider that refuses the request
 * because of its tools is remembered and asked without them from then on.
 */
export class TurnTools {
  private readonly refused = new Set<string>();

  constructor(
    readonly runner: ToolRunner,
    readonly budget: ToolBudget,
  ) {}

  offeredTo(model: ResolvedModel): boolean {
    return this.runner.size > 0 && model.kind !== 'local' && !this.refused.has(model.id);
  }

  refuse(modelId: string): void {
    this.refused.add(modelId);
  }

  /** A refusal of the tools themselves: a 400 or 422 from the provider that names them. */
  refusedTools(error: unknown): boolean {
    const cause = error instanceof Error && APICallError.isInstance(error.cause) ? error.cause : error;
    if (!APICallError.isInstance(cause) || (cause.statusCode !== 400 && cause.statusCode !== 422)) return false;
    return /tool|function/i.test(`${cause.responseBody ?? ''} ${cause.message}`);
  }
}
