import { useState, type FormEvent } from 'react';
import type { User } from '../../api/types';
import { useUsers } from '../../hooks/use-settings-data';
import { formatDateTime } from '../../lib/format';
import { IconTrash } from '../icons';
import { ConfirmDialog } from '../ui/confirm-dialog';

export function UsersSection({ currentUserId }: { currentUserId: string }) {
  const { users, create, remove } = useUsers();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [deleting, setDeleting] = useState<User | null>(null);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const failure = await create({ email: email.trim(), password, ...(name.trim() ? { name: name.trim() } : {}) });
    setBusy(false);
    if (failure) return setError(failure);
    setEmail('');
    setName('');
    setPassword('');
  };

  return (
    <section className="settings-section">
      <h3>Users</h3>
      {users.status === 'loading' && <p className="settings-text">Loading…</p>}
      {users.status === 'error' && <p className="form-error">{users.error}</p>}
      {users.items.length > 0 && (
        <table className="settings-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Email</th>
              <th>Role</th>
              <th>Created</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.items.map((user) => (
              <tr key={user.id}>
                <td>{user.name || '—'}</td>
                <td>{user.email}</td>
                <td>
                  <span className="role-badge">{user.role === 'owner' ? 'Owner' : 'User'}</span>
                </td>
                <td>{formatDateTime(user.createdAt)}</td>
                <td className="cell-actions">
                  {user.id !== currentUserId && user.role !== 'owner' && (
                    <button type="button" className="icon-button" aria-label={`Delete user ${user.email}`} onClick={() => setDeleting(user)}>
                      <IconTrash />
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h3>Add a user</h3>
      <form className="settings-form" onSubmit={(e) => void onSubmit(e)}>
        <div className="form-row">
          <label className="field">
            <span>Email</span>
            <input type="email" required autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />
          </label>
          <label className="field">
            <span>Name</span>
            <input autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />
          </label>
        </div>
        <label className="field">
          <span>Password</span>
          <input type="password" required minLength={8} autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div>
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create user'}
          </button>
        </div>
      </form>

      {deleting && (
        <ConfirmDialog
          title="Delete user?"
          confirmLabel="Delete"
          onCancel={() => setDeleting(null)}
          onConfirm={async () => {
            const failure = await remove(deleting.id);
            if (failure) setError(failure);
            setDeleting(null);
          }}
        >
          <strong>{deleting.email}</strong> will be removed and will no longer be able to sign in.
        </ConfirmDialog>
      )}
    </section>
  );
}
