import { useState, type FormEvent } from 'react';
import type { ApiKey, CreatedApiKey } from '../../api/types';
import { useApiKeys } from '../../hooks/use-settings-data';
import { formatDateTime } from '../../lib/format';
import { IconAlert, IconTrash } from '../icons';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { CopyButton } from '../ui/copy-button';

export function ApiKeysSection() {
  const { keys, create, remove } = useApiKeys();
  const [name, setName] = useState('');
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [deleting, setDeleting] = useState<ApiKey | null>(null);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const result = await create(name);
    setBusy(false);
    if (result.error) return setError(result.error);
    setCreated(result.created);
    setName('');
  };

  return (
    <section className="settings-section">
      <h3>API keys</h3>
      <p className="settings-text">
        Use a key with the OpenAI-compatible API: <code>Authorization: Bearer rl-…</code> against <code>{location.origin}/v1</code>.
      </p>

      {created && (
        <div className="secret-callout" role="status">
          <div className="secret-warning">
            <IconAlert />
            <span>Copy this key now. You will not be able to see it again.</span>
          </div>
          <div className="secret-row">
            <code className="secret-value" data-testid="api-key-secret">
              {created.secret}
            </code>
            <CopyButton text={created.secret} label="Copy API key" showText className="button button-small" />
          </div>
          <button type="button" className="link-button" onClick={() => setCreated(null)}>
            Done
          </button>
        </div>
      )}

      <form className="inline-form" onSubmit={(e) => void onSubmit(e)}>
        <label className="field field-grow">
          <span className="visually-hidden">Key name</span>
          <input placeholder="Key name (optional)" aria-label="Key name" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create key'}
        </button>
      </form>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}

      {keys.status === 'loading' && <p className="settings-text">Loading…</p>}
      {keys.status === 'error' && <p className="form-error">{keys.error}</p>}
      {keys.status === 'ready' && keys.items.length === 0 && <p className="settings-text muted">No API keys yet.</p>}
      {keys.items.length > 0 && (
        <table className="settings-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Key</th>
              <th>Created</th>
              <th>Last used</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.items.map((key) => (
              <tr key={key.id}>
                <td>{key.name || 'Untitled'}</td>
                <td>
                  <code>{key.prefix}…</code>
                </td>
                <td>{formatDateTime(key.createdAt)}</td>
                <td>{key.lastUsedAt ? formatDateTime(key.lastUsedAt) : 'Never'}</td>
                <td className="cell-actions">
                  <button type="button" className="icon-button" aria-label={`Delete key ${key.name || key.prefix}`} onClick={() => setDeleting(key)}>
                    <IconTrash />
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {deleting && (
        <ConfirmDialog
          title="Delete API key?"
          confirmLabel="Delete"
          onCancel={() => setDeleting(null)}
          onConfirm={async () => {
            const failure = await remove(deleting.id);
            if (failure) setError(failure);
            setDeleting(null);
          }}
        >
          Apps using <strong>{deleting.name || deleting.prefix}</strong> will stop working at once.
        </ConfirmDialog>
      )}
    </section>
  );
}
