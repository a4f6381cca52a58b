import { charCount } from '../../state/memory-view';

/** "120 / 1500" under a field; warns near the limit and past it. */
export function CharCounter({ text, limit, id }: { text: string; limit: number; id?: string }) {
  const count = charCount(text, limit);
  return (
    <span id={id} className="char-counter" data-over={count.over || undefined} data-near={(count.near && !count.over) || undefined}>
      {count.over ? `${count.label}, too long` : count.label}
    </span>
  );
}
