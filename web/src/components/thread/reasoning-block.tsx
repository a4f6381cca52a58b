import { IconBulb } from '../icons';

/**
 * The model's reasoning, collapsed under one line: "Thinking…" while it reasons and the answer has
 * not begun, then "Thought for N words". Plain text (it is working, not the answer).
 */
export function ReasoningBlock({ text, live }: { text: string; live: boolean }) {
  if (!text) return null;
  const words = text.trim().split(/\s+/).length;
  return (
    <details className="reasoning-block" data-live={live || undefined}>
      <summary>
        <IconBulb />
        <span className="reasoning-label">{live ? 'Thinking…' : `Thought for ${words} ${words === 1 ? 'word' : 'words'}`}</span>
      </summary>
      <div className="reasoning-text">{text.trim()}</div>
    </details>
  );
}
