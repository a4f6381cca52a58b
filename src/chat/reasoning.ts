/**
 * "Think harder" for a model without its own reasoning: it is asked to plan, draft and check inside
 * <think> tags before the answer, and the tags are split off the text so the UI shows the thinking
 * apart (collapsed) and the answer alone. Models that write <think> by themselves (Qwen, DeepSeek R1
 * behind a server without a reasoning parser) are split the same way.
 */
export const THINK_HARDER = [
  'Think before you answer. Start your reply with <think>, and inside it: restate what is asked, plan the steps, work them through, then check the draft for mistakes (arithmetic, logic, missed parts of the question) and fix them.',
  'Close with </think>, then give the final answer only: it must not repeat the working, and it is all the user sees by default.',
].join(' ');

const OPEN = '<think>';
const CLOSE = '</think>';

/** Longest kept reasoning per answer, in characters. */
export const MAX_REASONING_CHARS = 20_000;

/**
 * Splits a streamed answer that may start with `<think>…</think>` into reasoning and visible text,
 * delta by delta. Tags split across deltas are held back until they can be told apart from text.
 */
export class ThinkSplitter {
  private state: 'start' | 'thinking' | 'after' | 'answer' = 'start';
  private held = '';

  /** The parts of this delta that are reasoning and that are answer. */
  push(delta: string): { reasoning: string; text: string } {
    let input = this.held + delta;
    this.held = '';
    let reasoning = '';
    let text = '';
    if (this.state === 'start') {
      const lead = input.trimStart();
      if (lead.startsWith(OPEN)) {
        this.state = 'thinking';
        input = lead.slice(OPEN.length).replace(/^\s+/, '');
      } else if (OPEN.startsWith(lead)) {
        // Only whitespace or a tag's beginning so far: wait for more.
        this.held = input;
        return { reasoning, text };
      } else {
        this.state = 'answer';
      }
    }
    if (this.state === 'thinking') {
      const end = input.indexOf(CLOSE);
      if (end >= 0) {
        reasoning = input.slice(0, end);
        this.state = 'after';
        input = input.slice(end + CLOSE.length);
      } else {
        const keep = partialSuffix(input, CLOSE);
        reasoning = input.slice(0, input.length - keep);
        this.held = input.slice(input.length - keep);
        return { reasoning, text };
      }
    }
    if (this.state === 'after') {
      // The blank lines between the thought and the answer belong to neither.
      input = input.replace(/^\s+/, '');
      if (!input) return { reasoning, text };
      this.state = 'answer';
    }
    text = input;
    return { reasoning, text };
  }

  /** What is held at the end of the stream: an unclosed thought stays reasoning, anything else is text. */
  flush(): { reasoning: string; text: string } {
    const held = this.held;
    this.held = '';
    if (this.state === 'thinking') return { reasoning: held, text: '' };
    return { reasoning: '', text: held };
  }
}

/** How many trailing characters of `text` could begin `tag`. */
function partialSuffix(text: string, tag: string): number {
  for (let n = Math.min(tag.length - 1, text.length); n > 0; n--) if (tag.startsWith(text.slice(-n))) return n;
  return 0;
}
