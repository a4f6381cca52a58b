import { useState } from 'react';
import { createProject } from '../../hooks/project-actions';
import { Modal } from '../ui/modal';

const MAX_NAME = 120;

/** Asks for a project's name; creating it opens its page. */
export function NewProjectDialog({ onClose }: { onClose: () => void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Modal title="New project" onClose={onClose} className="modal-small">
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (busy) return;
          setBusy(true);
          const failure = await createProject(name);
          setBusy(false);
          if (failure) setError(failure);
          else onClose();
        }}
      >
        <div className="modal-body">
          <p className="modal-lede">A project keeps chats, files and instructions together. Answers in its chats can cite its files.</p>
          <label className="field">
            Project name
            <input
              value={name}
              maxLength={MAX_NAME}
              placeholder="e.g. Customer support policies"
              onChange={(e) => {
                setName(e.target.value);
                setError(null);
              }}
              data-autofocus
              aria-invalid={error ? true : undefined}
            />
          </label>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
        </div>
        <div className="modal-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy || !name.trim()}>
            Create project
          </button>
        </div>
      </form>
    </Modal>
  );
}
