import { useState, type FormEvent } from 'react';
import { signIn } from '../../hooks/auth-actions';
import { useAppState } from '../../state/app-store';
import { LogoMark } from '../ui/logo';

/** The sign-in screen: one click for the owner on a loopback server, else email and password. */
export function SignIn() {
  const auth = useAppState((s) => s.auth);
  const passwordless = auth.status === 'signed-out' && auth.passwordless;
  const reason = auth.status === 'signed-out' ? auth.reason : null;
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'owner' | 'form' | null>(null);

  const run = async (kind: 'owner' | 'form', credentials: { email?: string; password?: string }) => {
    setBusy(kind);
    setError(null);
    const message = await signIn(credentials);
    setBusy(null);
    if (message) setError(message);
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void run('form', { email: email.trim(), password });
  };

  return (
    <main className="auth-screen">
      <div className="auth-card">
        <LogoMark size={44} />
        <h1>Welcome to Redline</h1>
        <p className="auth-subtitle">{passwordless ? 'This server runs on your machine.' : 'Sign in to continue.'}</p>
        {reason && (
          <p className="auth-notice" role="status">
            {reason}
          </p>
        )}
        {error && (
          <p className="auth-error" role="alert">
            {error}
          </p>
        )}

        {passwordless && (
          <>
            <button
              type="button"
              className="button button-primary button-block"
              onClick={() => void run('owner', {})}
              disabled={busy !== null}
              autoFocus
            >
              {busy === 'owner' ? 'Signing in…' : 'Continue as owner'}
            </button>
            <div className="auth-divider">
              <span>or sign in with email</span>
            </div>
          </>
        )}

        <form className="auth-form" onSubmit={onSubmit}>
          <label className="field">
            <span>Email</span>
            <input
              type="email"
              name="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              autoFocus={!passwordless}
            />
          </label>
          <label className="field">
            <span>Password</span>
            <input
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          <button type="submit" className={passwordless ? 'button button-block' : 'button button-primary button-block'} disabled={busy !== null}>
            {busy === 'form' ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </div>
    </main>
  );
}
