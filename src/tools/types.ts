import type { JSONSchema7 } from '@ai-sdk/provider';
import type { z } from 'zod';

/** What a tool gets besides its input: whose data it may touch, and when to give up. */
export interface ToolContext {
  userId: string;
  /** The conversation the call is made in (its own messages are not "past" chats). */
  conversationId: string | null;
  signal: AbortSignal;
}

/** What a tool returns: text for the model, and a short summary for the UI. */
export interface ToolOutput {
  /** Given to the model as the tool result. */
  text: string;
}

/** One tool the model may call. Every method is required; input is validated before `run`. */
export interface Tool<I = unknown> {
  name: string;
  /** Told to the model: when to use it and what it returns. */
  description: string;
  /** Sent to the model as the tool's parameters. */
  inputSchema: JSONSchema7;
  /** What is accepted back (the model's arguments are untrusted). */
  parse: z.ZodType<I>;
  /** Longest a call may take before it is abandoned. */
  timeoutMs: number;
  /**
   * Awaited before each call's deadline starts, for work done once (loading a large library): on a
   * busy machine it can take longer than a call is allowed, and it says nothing about the call.
   * Resolves at once after the first time.
   */
  prepare?(): Promise<void>;
  run(input: I, context: ToolContext): Promise<ToolOutput>;
}

/** The model called a tool badly (unknown name, wrong arguments): said back to it so it can fix the call. */
export class ToolInputError extends Error {
  readonly code = 'tool_input';
  constructor(message: string) {
    super(message);
    this.name = 'ToolInputError';
  }
}

/** A tool ran out of time. */
export class ToolTimeoutError extends Error {
  readonly code = 'tool_timeout';
  constructor(readonly tool: string, readonly timeoutMs: number) {
    super(`The tool "${tool}" took longer than ${timeoutMs} ms and was stopped.`);
    this.name = 'ToolTimeoutError';
  }
}

/** One finished call, as the answer's metadata keeps it and the UI shows it. */
export interface ToolCallRecord {
  id: string;
  name: string;
  input: unknown;
  /** The result text (cut for storage), or null when the call failed. */
  output: string | null;
  error: string | null;
  ms: number;
  /** The model call (0-based) that asked for it. */
  step: number;
}
