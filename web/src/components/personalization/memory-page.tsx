import { useState } from 'react';
import type { MemoryKind } from '../../api/types';
import { downloadExport } from '../../hooks/data-transfer';
import { useMemories, type MemoryFilter } from '../../hooks/use-memories';
import { KIND_LABELS, MEMORY_KINDS, isMemoryKind } from '../../state/memory-view';
import { IconDownload, IconSearch, IconTrash } from '../icons';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { PageLink } from '../ui/page-link';
import { MemoryAddForm } from './memory-add-form';
import { MemoryItem } from './memory-item';

/** Everything Redline keeps about the user: search, filter, add, edit, delete, export. */
export function MemoryPage() {
  const [filter, setFilter] = useState<MemoryFilter>({ q: '', kind: '' });
  const { memories, add, edit, remove, removeAll } = useMemories(filter);
  const [confirmAll, setConfirmAll] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const filtered = filter.q.trim() !== '' || filter.kind !== '';
  const count = memories.items.length;

  const exportAll = async () => {
    setError(null);
    const failure = await downloadExport('/api/memories/export', 'redline-memories');
    if (failure) setError(`Export failed: ${failure}`);
  };

  return (
    <section className="personal-page" aria-labelledby="memory-title">
      <div className="page-heading">
        <h1 id="memory-title">Memory</h1>
        <p className="page-lede">
          Redline remembers useful details from your chats (facts, preferences, goals, people) to make answers more helpful. This is everything it keeps:
          correct it or delete it at any time. Turn memory off in{' '}
          <PageLink to={{ page: 'personalization', conversationId: null, messageId: null }} className="text-link">
            Personalization
          </PageLink>
          .
        </p>
      </div>

      <MemoryAddForm onAdd={add} />

      <div className="memory-toolbar">
        <label className="memory-search">
          <IconSearch className="search-icon" />
          <span className="visually-hidden">Search memories</span>
          <input
            type="search"
            placeholder="Search memories"
            value={filter.q}
            onChange={(e) => setFilter((f) => ({ ...f, q: e.target.value }))}
          />
        </label>
        <label className="select-field">
          <span className="visually-hidden">Kind</span>
          <select
            aria-label="Kind"
            value={filter.kind}
            onChange={(e) => setFilter((f) => ({ ...f, kind: isMemoryKind(e.target.value) ? (e.target.value as MemoryKind) : '' }))}
          >
            <option value="">All kinds</option>
            {MEMORY_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {KIND_LABELS[kind]}
              </option>
            ))}
          </select>
        </label>
        <div className="memory-toolbar-actions">
          <button type="button" className="button button-small" onClick={() => void exportAll()}>
            <IconDownload />
            Export
          </button>
          <button type="button" className="button button-small button-danger-outline" disabled={count === 0 && !filtered} onClick={() => setConfirmAll(true)}>
            <IconTrash />
            Delete all
          </button>
        </div>
      </div>

      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {notice && (
        <p className="form-success" role="status">
          {notice}
        </p>
      )}

      {memories.status === 'loading' && count === 0 && <p className="settings-text">Loading memories…</p>}
      {memories.status === 'error' && (
        <p className="form-error" role="alert">
          Memories could not be loaded: {memories.error}
        </p>
      )}
      {memories.status === 'ready' && count === 0 && (
        <div className="memory-empty">
          {filtered ? (
            <p>No memories match this search.</p>
          ) : (
            <>
              <p className="memory-empty-title">Nothing saved yet</p>
              <p>
                Tell Redline “remember that …” in a chat, or add a memory above. Redline also picks up lasting details from your conversations while memory
                is on.
              </p>
            </>
          )}
        </div>
      )}
      {count > 0 && (
        <>
          <p className="memory-count" aria-live="polite">
            {count === 1 ? '1 memory' : `${count} memories`}
            {filtered ? ' found' : ''}
          </p>
          <ul className="memory-list" aria-label="Saved memories">
            {memories.items.map((memory) => (
              <MemoryItem key={memory.id} memory={memory} onEdit={edit} onRemove={remove} />
            ))}
          </ul>
        </>
      )}

      {confirmAll && (
        <ConfirmDialog
          title="Delete all memories?"
          confirmLabel="Delete all"
          onCancel={() => setConfirmAll(false)}
          onConfirm={async () => {
            const result = await removeAll();
            setConfirmAll(false);
            if (result.error) setError(result.error);
            else setNotice(result.deleted === null ? 'All memories deleted.' : `Deleted ${result.deleted === 1 ? '1 memory' : `${result.deleted} memories`}.`);
          }}
        >
          Redline will forget everything it has saved about you, with the older versions of each memory. This cannot be undone. Your conversations are
          kept.
        </ConfirmDialog>
      )}
    </section>
  );
}
