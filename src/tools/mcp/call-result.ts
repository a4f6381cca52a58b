import type { CallToolResult, ContentBlock } from '@modelcontextprotocol/sdk/types.js';

/** What `callTool` may resolve to: a current result, or the `toolResult` of servers on protocol 2024-10-07. */
export type AnyCallToolResult = CallToolResult | { toolResult: unknown };

/** A tool result as text for the model: text blocks joined, other content named ("[image: image/png]"). */
export function resultText(result: AnyCallToolResult): string {
  if (!('content' in result)) return typeof result.toolResult === 'string' ? result.toolResult : JSON.stringify(result.toolResult ?? null);
  const blocks = (result.content ?? []).map(blockText);
  if (blocks.length === 0 && result.structuredContent !== undefined) return JSON.stringify(result.structuredContent);
  return blocks.join('\n');
}

function blockText(block: ContentBlock): string {
  switch (block.type) {
    case 'text':
      return block.text;
    case 'image':
      return `[image: ${block.mimeType}]`;
    case 'audio':
      return `[audio: ${block.mimeType}]`;
    case 'resource_link':
      return `[resource: ${block.uri}${block.mimeType ? ` (${block.mimeType})` : ''}]`;
    case 'resource': {
      const { resource } = block;
      const head = `[resource: ${resource.uri}${resource.mimeType ? ` (${resource.mimeType})` : ''}]`;
      return 'text' in resource && typeof resource.text === 'string' ? `${head}\n${resource.text}` : head;
    }
  }
}
