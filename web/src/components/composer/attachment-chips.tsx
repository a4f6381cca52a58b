import { memo, useState } from 'react';
import { removeFile } from '../../hooks/file-actions';
import type { FileItem } from '../../state/app-state';
import { fileBadge, fileDetail, progressPercent } from '../../state/file-view';
import { IconAlert, IconClose } from '../icons';

/** The files attached to the conversation, above the message box: progress while indexing, ready, or why not. */
export function AttachmentChips({ items }: { items: readonly FileItem[] }) {
  if (items.length === 0) return null;
  return (
    <ul className="attachment-chips" aria-label="Attached files">
      {items.map((item) => (
        <AttachmentChip key={item.id} item={item} />
      ))}
    </ul>
  );
}

const AttachmentChip = memo(function AttachmentChip({ item }: { item: FileItem }) {
  const [error, setError] = useState<string | null>(null);
  const failed = item.status === 'failed';
  const working = item.status === 'uploading' || item.status === 'indexing';
  const detail = error ?? fileDetail(item);
  return (
    <li className="file-chip" data-status={item.status} title={`${item.name}\n${detail}`}>
      <span className="file-chip-icon" aria-hidden="true">
        {failed ? <IconAlert /> : fileBadge(item)}
      </span>
      <span className="file-chip-text">
        <span className="file-chip-name">{item.name}</span>
        <span className="file-chip-detail" role={failed || error ? 'alert' : undefined}>
          {detail}
        </span>
      </span>
      <button
        type="button"
        className="file-chip-remove"
        aria-label={`Remove ${item.name}`}
        title={item.status === 'uploading' ? 'Uploading…' : 'Remove'}
        disabled={item.status === 'uploading'}
        onClick={async () => setError(await removeFile(item))}
      >
        <IconClose />
      </button>
      {working && (
        <span
          className="file-chip-progress"
          role="progressbar"
          aria-label={`${item.name}: ${item.status === 'uploading' ? 'uploading' : 'indexing'}`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={item.status === 'indexing' ? progressPercent(item) : undefined}
          data-indeterminate={item.status === 'uploading' || undefined}
        >
          <span style={{ width: `${item.status === 'indexing' ? Math.max(4, progressPercent(item)) : 30}%` }} />
        </span>
      )}
    </li>
  );
});
