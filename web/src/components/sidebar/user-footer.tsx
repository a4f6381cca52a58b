import { initials } from '../../lib/format';
import { dispatch, useAppState } from '../../state/app-store';
import { selectUser } from '../../state/selectors';
import { IconSettings } from '../icons';

export function UserFooter() {
  const user = useAppState(selectUser);
  if (!user) return null;
  const name = user.name || user.email;
  return (
    <div className="sidebar-footer">
      <button type="button" className="user-button" aria-label="Settings" onClick={() => dispatch({ type: 'ui/settings', open: true })}>
        <span className="avatar" aria-hidden="true">
          {initials(name)}
        </span>
        <span className="user-name">
          <span className="user-display">{name}</span>
          {user.name && <span className="user-email">{user.email}</span>}
        </span>
        <IconSettings className="user-gear" />
      </button>
    </div>
  );
}
