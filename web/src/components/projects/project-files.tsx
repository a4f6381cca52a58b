import { memo, useRef, useState } from 'react';
import type { DocumentScope, Project } from '../../api/types';
import { loadFiles, removeFile, uploadFiles, useFilePolling } from '../../hooks/file-actions';
import { scopeKey, type FileItem, type ScopeFiles } from '../../state/app-state';
import { useAppState } from '../../state/app-store';
import { fileBadge, fileDetail, progressPercent, SUPPORTED_FILES } from '../../state/file-view';
import { IconAlert, IconClose, IconTrash, IconUpload } from '../icons';
import { ConfirmDialog } from '../ui/confirm-dialog';

const EMPTY: ScopeFiles = { status: 'loading', error: null, items: [] };

/** The project's files: upload (several at once, one request each), progress while indexing, what each holds, delete. */
export function ProjectFiles({ project, scope }: { project: Project; scope: DocumentScope }) {
  const files = useAppState((s) => s.files[scopeKey(scope)] ?? EMPTY);
  const picker = useRef<HTMLInputElement>(null);
  useFilePolling(scope);
  // Refused uploads are not files of the project: they are only shown until dismissed.
  const kept = files.items.filter((f) => !(f.local && f.status === 'failed'));
  const ready = kept.filter((f) => f.status === 'ready').length;

  return (
    <section className="project-section" aria-labelledby="project-files-title">
      <div className="project-section-head">
        <div>
          <h2 id="project-files-title">Files</h2>
          <p className="project-section-lede">
            {kept.length === 0
              ? 'Answers in this project cite the files you add.'
              : ready === kept.length
                ? `${kept.length} ${kept.length === 1 ? 'file' : 'files'} · answers in this project cite them`
                : `${ready} of ${kept.length} ready · answers in this project cite them`}
          </p>
        </div>
        <button type="button" className="button button-small" onClick={() => picker.current?.click()}>
          <IconUpload />
          Upload files
        </button>
        <input
          ref={picker}
          type="file"
          multiple
          hidden
          aria-label={`Files to add to ${project.name}`}
          onChange={(e) => {
            const chosen = [...(e.target.files ?? [])];
            e.target.value = '';
            void uploadFiles(scope, chosen);
          }}
        />
      </div>
      {files.status === 'error' && (
        <div className="form-error project-files-error" role="alert">
          The files could not be loaded: {files.error}{' '}
          <button type="button" className="link-button" onClick={() => void loadFiles(scope)}>
            Try again
          </button>
        </div>
      )}
      {files.items.length > 0 && (
        <ul className="file-list" aria-label={`Files of ${project.name}`}>
          {files.items.map((item) => (
            <FileRow key={item.id} item={item} />
          ))}
        </ul>
      )}
      <button type="button" className="file-dropzone" onClick={() => picker.current?.click()}>
        <IconUpload />
        <span className="file-dropzone-pointer">
          <strong>Drop files here</strong> or click to choose
        </span>
        <strong className="file-dropzone-touch">Choose files</strong>
        <span className="file-dropzone-hint">{SUPPORTED_FILES}</span>
      </button>
    </section>
  );
}

const FileRow = memo(function FileRow({ item }: { item: FileItem }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const failed = item.status === 'failed';
  const working = item.status === 'uploading' || item.status === 'indexing';
  const percent = progressPercent(item);
  const remove = async () => {
    const failure = await removeFile(item);
    setError(failure);
    setConfirming(false);
  };
  return (
    <li className="file-row" data-status={item.status}>
      <span className="file-badge" aria-hidden="true">
        {failed ? <IconAlert /> : fileBadge(item)}
      </span>
      <div className="file-row-text">
        <span className="file-row-name" title={item.name}>
          {item.name}
        </span>
        <span className="file-row-detail" role={failed ? 'alert' : undefined}>
          {fileDetail(item)}
        </span>
        {working && (
          <span
            className="progress-bar"
            role="progressbar"
            aria-label={`${item.name}: ${item.status === 'uploading' ? 'uploading' : 'indexing'}`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={item.status === 'indexing' ? percent : undefined}
            data-indeterminate={item.status === 'uploading' || undefined}
          >
            <span style={{ width: item.status === 'indexing' ? `${Math.max(3, percent)}%` : '30%' }} />
          </span>
        )}
        {error && (
          <span className="form-error" role="alert">
            {error}
          </span>
        )}
      </div>
      {item.local ? (
        failed && (
          <button type="button" className="icon-button small" aria-label={`Dismiss ${item.name}`} title="Dismiss" onClick={() => void remove()}>
            <IconClose />
          </button>
        )
      ) : (
        <button type="button" className="icon-button small" aria-label={`Delete ${item.name}`} title="Delete" onClick={() => setConfirming(true)}>
          <IconTrash />
        </button>
      )}
      {confirming && (
        <ConfirmDialog title="Delete file?" confirmLabel="Delete" onCancel={() => setConfirming(false)} onConfirm={remove}>
          <strong>{item.name}</strong> will be deleted from this project. Chats can no longer cite it.
        </ConfirmDialog>
      )}
    </li>
  );
});
