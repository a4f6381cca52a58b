import type { JSONSchema7 } from '@ai-sdk/provider';
import type { Tool as McpToolDefinition } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Tool } from '../types.js';

/** Runs one tool on its server; resolves with the result text, rejects with the server's failure. */
export type McpCall = (input: { tool: string; args: Record<string, unknown>; signal: AbortSignal }) => Promise<string>;

// The server validates its own arguments against its schema; a second, looser check here would only disagree with it.
const anyArguments = z.record(z.string(), z.unknown());

/** A server's tool as a Redline tool named `name` (see toolName). */
export function mcpTool(input: { name: string; serverId: string; definition: McpToolDefinition; timeoutMs: number; call: McpCall }): Tool<Record<string, unknown>> {
  const { definition } = input;
  return {
    name: input.name,
    description: definition.description || definition.title || `The "${definition.name}" tool of the MCP server "${input.serverId}".`,
    // The server's JSON Schema goes to the model as it is; providers want an object with properties.
    inputSchema: { ...definition.inputSchema, type: 'object', properties: definition.inputSchema.properties ?? {} } as JSONSchema7,
    parse: anyArguments,
    timeoutMs: input.timeoutMs,
    run: (args, context) => input.call({ tool: definition.name, args, signal: context.signal }).then((text) => ({ text })),
  };
}
