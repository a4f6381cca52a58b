import { z } from 'zod';
import { normalizeTree, type RawNode } from './message-tree.js';
import { ImportFormatError, type ImportedConversation } from './types.js';

// The shape of ChatGPT's data export (conversations.json), as far as Redline reads it. Lenient:
// unknown fields pass, and any one conversation that does not parse is reported, not fatal.
const seconds = z.number().nullish();
const chatGptMessage = z.object({
  id: z.string().optional(),
  author: z.object({ role: z.string() }).passthrough(),
  create_time: seconds,
  content: z
    .object({ content_type: z.string(), parts: z.array(z.unknown()).nullish(), text: z.string().nullish() })
    .passthrough(),
  recipient: z.string().nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
}).passthrough();
const chatGptNode = z.object({
  id: z.string(),
  message: chatGptMessage.nullish(),
  parent: z.string().nullish(),
  children: z.array(z.string()).nullish(),
}).passthrough();
const chatGptConversation = z.object({
  id: z.string().optional(),
  conversation_id: z.string().optional(),
  title: z.string().nullish(),
  create_time: seconds,
  update_time: seconds,
  mapping: z.record(z.string(), chatGptNode),
  current_node: z.string().nullish(),
  default_model_slug: z.string().nullish(),
}).passthrough();

type ChatGptMessage = z.infer<typeof chatGptMessage>;

/** True when `json` looks like ChatGPT's conversations.json. */
export function isChatGptExport(json: unknown): boolean {
  return Array.isArray(json) && (json.length === 0 || (typeof json[0] === 'object' && json[0] !== null && 'mapping' in json[0]));
}

/**
 * Reads ChatGPT's `conversations.json` into conversations with their message trees (branches from
 * edits and regenerations kept; `current_node` becomes the current leaf). Tool calls, tool output,
 * hidden system text and reasoning summaries are left out; images become "[image]".
 */
export function parseChatGptExport(json: unknown): { conversations: ImportedConversation[]; invalid: { index: number; title: string; error: string }[] } {
  if (!Array.isArray(json)) throw new ImportFormatError('A ChatGPT export (conversations.json) is a JSON array of conversations.');
  const conversations: ImportedConversation[] = [];
  const invalid: { index: number; title: string; error: string }[] = [];
  json.forEach((item, index) => {
    const parsed = chatGptConversation.safeParse(item);
    if (!parsed.success) {
      const title = typeof (item as { title?: unknown })?.title === 'string' ? (item as { title: string }).title : `#${index + 1}`;
      invalid.push({ index, title, error: parsed.error.issues[0]?.message ?? 'invalid conversation' });
      return;
    }
    const c = parsed.data;
    const createdAt = fromSeconds(c.create_time) ?? new Date(0);
    const nodes: RawNode[] = Object.values(c.mapping).map((node) => ({ id: node.id, parentId: node.parent ?? null, message: node.message ? toMessage(node.message) : null }));
    const { messages, currentMessageId } = normalizeTree(nodes, { currentId: c.current_node ?? null, fallbackTime: createdAt });
    const last = messages.reduce((max, m) => Math.max(max, m.createdAt.getTime()), createdAt.getTime());
    conversations.push({
      sourceId: c.conversation_id ?? c.id ?? `index-${index}`,
      title: c.title?.trim() || 'Imported chat',
      model: c.default_model_slug ?? null,
      createdAt,
      updatedAt: fromSeconds(c.update_time) ?? new Date(last),
      currentMessageId,
      messages,
    });
  });
  return { conversations, invalid };
}

function toMessage(message: ChatGptMessage): RawNode['message'] {
  const role = message.author.role;
  if (role !== 'user' && role !== 'assistant') return null;
  const metadata = message.metadata ?? {};
  if (metadata.is_visually_hidden_from_conversation === true) return null;
  // Messages addressed to a tool (code, browsing) are the model's calls, not its answer.
  if (message.recipient && message.recipient !== 'all') return null;
  const content = textOf(message.content);
  if (content === null) return null;
  return { role, content, model: typeof metadata.model_slug === 'string' ? metadata.model_slug : null, createdAt: fromSeconds(message.create_time) };
}

function textOf(content: ChatGptMessage['content']): string | null {
  switch (content.content_type) {
    case 'text':
    case 'multimodal_text':
      return (content.parts ?? [])
        .map((part) => (typeof part === 'string' ? part : isImage(part) ? '[image]' : ''))
        .filter(Boolean)
        .join('\n');
    case 'code':
      return content.text ? `\`\`\`\n${content.text}\n\`\`\`` : null;
    default:
      // thoughts, reasoning_recap, execution_output, tether_*, user_editable_context, system_error…
      return null;
  }
}

const isImage = (part: unknown) => typeof part === 'object' && part !== null && /image/.test(String((part as { content_type?: unknown }).content_type ?? ''));
const fromSeconds = (value: number | null | undefined) => (typeof value === 'number' && Number.isFinite(value) ? new Date(Math.round(value * 1000)) : null);
