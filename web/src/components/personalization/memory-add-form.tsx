import { useState, type FormEvent } from 'react';
import type { MemoryKind } from '../../api/types';
import { KIND_LABELS, MEMORY_KINDS, isMemoryKind } from '../../state/memory-view';

interface MemoryAddFormProps {
  onAdd: (content: string, kind: MemoryKind | null) => Promise<{ error: string | null; notice: string | null }>;
}

/** "Add a memory": one line of text and an optional kind (the server guesses it otherwise). */
export function MemoryAddForm({ onAdd }: MemoryAddFormProps) {
  const [content, setContent] = useState('');
  const [kind, setKind] = useState<MemoryKind | ''>('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const text = content.trim();
    if (!text || busy) return;
    setBusy(true);
    setError(null);
    setNotice(null);
    const outcome = await onAdd(text, kind || null);
    setBusy(false);
    if (outcome.error) return setError(outcome.error);
    setContent('');
    setNotice(outcome.notice);
  };

  return (
    <form className="memory-add" onSubmit={(e) => void submit(e)}>
      <label className="field field-grow">
        <span className="visually-hidden">New memory</span>
        <input
          aria-label="New memory"
          placeholder="Add a memory, e.g. “I'm vegetarian”"
          value={content}
          maxLength={1000}
          onChange={(e) => setContent(e.target.value)}
        />
      </label>
      <label className="select-field">
        <span className="visually-hidden">Kind of the new memory</span>
        <select aria-label="Kind of the new memory" value={kind} onChange={(e) => setKind(isMemoryKind(e.target.value) ? e.target.value : '')}>
          <option value="">Any kind</option>
          {MEMORY_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="button button-primary" disabled={busy || !content.trim()}>
        {busy ? 'Adding…' : 'Add'}
      </button>
      {error && (
        <p className="form-error memory-add-error" role="alert">
          {error}
        </p>
      )}
      {notice && (
        <p className="form-success memory-add-error" role="status">
          {notice}
        </p>
      )}
    </form>
  );
}
