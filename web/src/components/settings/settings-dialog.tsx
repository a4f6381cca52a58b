import { useState, type ReactElement } from 'react';
import { dispatch, useAppState } from '../../state/app-store';
import { selectUser } from '../../state/selectors';
import { IconClose, IconKey, IconPalette, IconUser, IconUsers } from '../icons';
import { Modal } from '../ui/modal';
import { AccountSection } from './account-section';
import { ApiKeysSection } from './api-keys-section';
import { AppearanceSection } from './appearance-section';
import { UsersSection } from './users-section';

type Tab = 'general' | 'account' | 'keys' | 'users';

/** Settings, loaded as its own chunk the first time it opens. */
export default function SettingsDialog() {
  const user = useAppState(selectUser);
  const [tab, setTab] = useState<Tab>('general');
  const close = () => dispatch({ type: 'ui/settings', open: false });
  if (!user) return null;

  const tabs: { id: Tab; label: string; icon: ReactElement }[] = [
    { id: 'general', label: 'General', icon: <IconPalette /> },
    { id: 'account', label: 'Account', icon: <IconUser /> },
    { id: 'keys', label: 'API keys', icon: <IconKey /> },
    ...(user.role === 'owner' ? [{ id: 'users' as const, label: 'Users', icon: <IconUsers /> }] : []),
  ];

  return (
    <Modal title="Settings" onClose={close} className="settings-modal">
      <button type="button" className="icon-button modal-close" aria-label="Close" onClick={close}>
        <IconClose />
      </button>
      <div className="settings-layout">
        <div className="settings-tabs" role="tablist" aria-label="Settings sections" aria-orientation="vertical">
          {tabs.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              id={`settings-tab-${t.id}`}
              aria-selected={tab === t.id}
              aria-controls={`settings-panel-${t.id}`}
              className="settings-tab"
              onClick={() => setTab(t.id)}
            >
              {t.icon}
              <span>{t.label}</span>
            </button>
          ))}
        </div>
        <div className="settings-panel" role="tabpanel" id={`settings-panel-${tab}`} aria-labelledby={`settings-tab-${tab}`}>
          {tab === 'general' && <AppearanceSection />}
          {tab === 'account' && <AccountSection user={user} />}
          {tab === 'keys' && <ApiKeysSection />}
          {tab === 'users' && user.role === 'owner' && <UsersSection currentUserId={user.id} />}
        </div>
      </div>
    </Modal>
  );
}
