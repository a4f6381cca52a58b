import type { JSONObject, LanguageModelV3, LanguageModelV3Prompt } from '@ai-sdk/provider';
import type { ReasoningEffort } from '../models/index.js';
import type { ToolCallRequest } from '../tools/index.js';
import { describeModelError } from './describe-model-error.js';
import { ThinkSplitter } from './reasoning.js';
import type { TurnTools } from './turn-tools.js';
import type { Message } from './types.js';

/** What one model call of a turn produced. */
export interface StepOutput {
  /** The visible text (thinking in <think> tags taken out). */
  text: string;
  /** The model's reasoning: streamed as such, or written in <think> tags. */
  reasoning: string;
  calls: ToolCallRequest[];
  usage: Message['usage'];
  failure: { message: string; code: string } | null;
  /** Our resilience layer's notes (which provider answered, continuations, the auto route). */
  redline: JSONObject | null;
}

/**
 * One model call: streams its text through `onText` as it comes and collects the tool calls. When
 * tools are offered and the provider refuses them outright (a 400 before any output: a server or
 * model without tool calling), the call is made again without them, and that model is not offered
 * tools again in this process. Reasoning (streamed as such, or written in <think> tags at the start
 * of the text) goes to `onReasoning`; a `reasoning` effort asks the model for it.
 */
export async function streamStep(input: {
  model: LanguageModelV3;
  modelRef: string;
  prompt: LanguageModelV3Prompt;
  tools: TurnTools | null;
  reasoning: ReasoningEffort | null;
  signal: AbortSignal;
  onText: (delta: string) => void;
  onReasoning: (delta: string) => void;
}): Promise<StepOutput> {
  const { model, prompt, tools, signal } = input;
  const base = { prompt, abortSignal: signal, ...(input.reasoning ? { providerOptions: { redline: { reasoning: input.reasoning } } } : {}) };
  let result;
  try {
    result = await model.doStream({ ...base, ...(tools ? { tools: tools.runner.definitions(), toolChoice: { type: 'auto' as const } } : {}) });
  } catch (error) {
    if (!tools || !tools.refusedTools(error)) throw error;
    tools.refuse(input.modelRef);
    result = await model.doStream(base);
  }
  const output: StepOutput = { text: '', reasoning: '', calls: [], usage: null, failure: null, redline: null };
  const splitter = new ThinkSplitter();
  const take = ({ reasoning, text }: { reasoning: string; text: string }) => {
    if (reasoning) {
      output.reasoning += reasoning;
      input.onReasoning(reasoning);
    }
    if (text) {
      output.text += text;
      input.onText(text);
    }
  };
  const reader = result.stream.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    const part = read.value;
    switch (part.type) {
      case 'text-delta':
        take(splitter.push(part.delta));
        break;
      case 'reasoning-delta':
        take({ reasoning: part.delta, text: '' });
        break;
      case 'tool-call':
        output.calls.push({ toolCallId: part.toolCallId, toolName: part.toolName, input: part.input });
        break;
      case 'finish': {
        output.usage = { inputTokens: part.usage.inputTokens.total ?? null, outputTokens: part.usage.outputTokens.total ?? null };
        if (part.finishReason.unified === 'error') output.failure ??= { message: 'The model stopped with an error.', code: 'upstream_error' };
        const redline = part.providerMetadata?.redline;
        if (redline) output.redline = redline;
        break;
      }
      case 'error':
        output.failure ??= describeModelError(part.error);
        break;
      default:
        break;
    }
  }
  take(splitter.flush());
  return output;
}
