/** What a relayed OpenAI event stream said so far: its text, whether it called tools, its id and model. Parsed only when a stream breaks. */
export function relayedText(bytes: Buffer): { text: string; toolCalls: boolean; id: string | null; model: string | null } {
  let text = '';
  let toolCalls = false;
  let id: string | null = null;
  let model: string | null = null;
  for (const line of bytes.toString('utf8').split('\n')) {
    if (!line.startsWith('data:')) continue;
    const data = line.slice(5).trim();
    if (!data.startsWith('{')) continue;
    let chunk: { id?: unknown; model?: unknown; choices?: { delta?: { content?: unknown; tool_calls?: unknown } }[] };
    try {
      chunk = JSON.parse(data);
    } catch {
      // The event the break cut in half.
      continue;
    }
    if (id === null && typeof chunk.id === 'string') id = chunk.id;
    if (model === null && typeof chunk.model === 'string') model = chunk.model;
    const delta = chunk.choices?.[0]?.delta;
    if (typeof delta?.content === 'string') text += delta.content;
    if (delta?.tool_calls) toolCalls = true;
  }
  return { text, toolCalls, id, model };
}
