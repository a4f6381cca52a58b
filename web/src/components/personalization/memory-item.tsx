import { memo, useState } from 'react';
import type { Memory, MemoryKind } from '../../api/types';
import { formatDateTime } from '../../lib/format';
import { KIND_LABELS, MEMORY_KINDS, isMemoryKind } from '../../state/memory-view';
import { IconEdit, IconTrash } from '../icons';
import { MemoryWhy } from './memory-why';

interface MemoryItemProps {
  memory: Memory;
  onEdit: (id: string, patch: { content?: string; kind?: MemoryKind }) => Promise<string | null>;
  onRemove: (id: string) => Promise<string | null>;
}

/** One memory: its text and kind, edited in place; delete; "Why do you know this?". */
export const MemoryItem = memo(function MemoryItem({ memory, onEdit, onRemove }: MemoryItemProps) {
  const [editing, setEditing] = useState(false);
  const [why, setWhy] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const remove = async () => {
    setBusy(true);
    setError(null);
    const failure = await onRemove(memory.id);
    // On success the row is gone; only a failure needs the state back.
    if (failure) {
      setBusy(false);
      setError(failure);
    }
  };

  return (
    <li className="memory-item" data-memory-id={memory.id} data-kind={memory.kind} aria-busy={busy || undefined}>
      {editing ? (
        <MemoryEditor
          memory={memory}
          onCancel={() => setEditing(false)}
          onSave={async (patch) => {
            const failure = await onEdit(memory.id, patch);
            if (!failure) setEditing(false);
            return failure;
          }}
        />
      ) : (
        <div className="memory-main">
          <span className="kind-badge" data-kind={memory.kind}>
            {KIND_LABELS[memory.kind] ?? memory.kind}
          </span>
          <p className="memory-content">{memory.content}</p>
          <div className="memory-actions">
            <button type="button" className="icon-button small" aria-label="Edit memory" title="Edit" disabled={busy} onClick={() => setEditing(true)}>
              <IconEdit />
            </button>
            <button type="button" className="icon-button small" aria-label="Delete memory" title="Delete" disabled={busy} onClick={() => void remove()}>
              <IconTrash />
            </button>
          </div>
        </div>
      )}
      <div className="memory-meta">
        <span title={`Saved ${formatDateTime(memory.createdAt)}`}>
          {memory.updatedAt !== memory.createdAt ? 'Updated' : 'Saved'} {formatDateTime(memory.updatedAt)}
        </span>
        {memory.lastUsedAt && <span>Last used {formatDateTime(memory.lastUsedAt)}</span>}
        <button type="button" className="link-button" aria-expanded={why} onClick={() => setWhy((open) => !open)}>
          Why do you know this?
        </button>
      </div>
      {why && <MemoryWhy memory={memory} />}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
});

interface MemoryEditorProps {
  memory: Memory;
  onSave: (patch: { content?: string; kind?: MemoryKind }) => Promise<string | null>;
  onCancel: () => void;
}

function MemoryEditor({ memory, onSave, onCancel }: MemoryEditorProps) {
  const [content, setContent] = useState(memory.content);
  const [kind, setKind] = useState<MemoryKind>(memory.kind);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const text = content.trim();

  const save = async () => {
    if (!text || busy) return;
    const patch = { ...(text !== memory.content ? { content: text } : {}), ...(kind !== memory.kind ? { kind } : {}) };
    if (Object.keys(patch).length === 0) return onCancel();
    setBusy(true);
    setError(null);
    const failure = await onSave(patch);
    setBusy(false);
    if (failure) setError(failure);
  };

  return (
    <form
      className="memory-editor"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <textarea
        aria-label="Memory text"
        value={content}
        rows={2}
        maxLength={1000}
        autoFocus
        onFocus={(e) => e.currentTarget.setSelectionRange(e.currentTarget.value.length, e.currentTarget.value.length)}
        onChange={(e) => setContent(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            void save();
          } else if (e.key === 'Escape') {
            e.preventDefault();
            onCancel();
          }
        }}
      />
      <div className="memory-editor-actions">
        <label className="select-field">
          <span className="visually-hidden">Memory kind</span>
          <select aria-label="Memory kind" value={kind} onChange={(e) => isMemoryKind(e.target.value) && setKind(e.target.value)}>
            {MEMORY_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        <span className="spacer" />
        <button type="button" className="button button-small" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button-small button-primary" disabled={busy || !text}>
          {busy ? 'Saving…' : 'Save'}
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
