import { useState, type FormEvent } from 'react';
import type { User } from '../../api/types';
import { signOut } from '../../hooks/auth-actions';
import { changePassword } from '../../hooks/use-settings-data';
import { formatDateTime, initials } from '../../lib/format';
import { IconLogout } from '../icons';

export function AccountSection({ user }: { user: User }) {
  return (
    <>
      <section className="settings-section">
        <h3>Profile</h3>
        <div className="profile-card">
          <span className="avatar avatar-large" aria-hidden="true">
            {initials(user.name || user.email)}
          </span>
          <div>
            <div className="profile-name">{user.name || user.email}</div>
            <div className="profile-email">{user.email}</div>
            <div className="profile-meta">
              <span className="role-badge">{user.role === 'owner' ? 'Owner' : 'User'}</span> · Member since {formatDateTime(user.createdAt)}
            </div>
          </div>
        </div>
        <button type="button" className="button" onClick={() => void signOut()}>
          <IconLogout />
          Sign out
        </button>
      </section>
      <PasswordForm />
    </>
  );
}

function PasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (next.length < 8) return setMessage({ kind: 'error', text: 'Use at least 8 characters.' });
    if (next !== confirm) return setMessage({ kind: 'error', text: 'The new passwords do not match.' });
    setBusy(true);
    const error = await changePassword({ newPassword: next, ...(current ? { currentPassword: current } : {}) });
    setBusy(false);
    if (error) return setMessage({ kind: 'error', text: error });
    setCurrent('');
    setNext('');
    setConfirm('');
    setMessage({ kind: 'ok', text: 'Password changed.' });
  };

  return (
    <section className="settings-section">
      <h3>Change password</h3>
      <form className="settings-form" onSubmit={(e) => void onSubmit(e)}>
        <label className="field">
          <span>Current password</span>
          <input type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
        </label>
        <label className="field">
          <span>New password</span>
          <input type="password" autoComplete="new-password" required value={next} onChange={(e) => setNext(e.target.value)} />
        </label>
        <label className="field">
          <span>Confirm new password</span>
          <input type="password" autoComplete="new-password" required value={confirm} onChange={(e) => setConfirm(e.target.value)} />
        </label>
        {message && (
          <p className={message.kind === 'ok' ? 'form-success' : 'form-error'} role={message.kind === 'ok' ? 'status' : 'alert'}>
            {message.text}
          </p>
        )}
        <div>
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Saving…' : 'Change password'}
          </button>
        </div>
      </form>
    </section>
  );
}
