import { useState } from 'react';
import type { PersonalizationSettings, SettingsPatch } from '../../api/types';
import { PageLink } from '../ui/page-link';
import { Switch } from '../ui/switch';

interface MemorySwitchesProps {
  settings: PersonalizationSettings;
  onSave: (patch: SettingsPatch) => Promise<string | null>;
}

/** "Reference saved memories" and "Reference chat history": saved on each flip. */
export function MemorySwitchesSection({ settings, onSave }: MemorySwitchesProps) {
  const [error, setError] = useState<string | null>(null);
  const flip = async (patch: SettingsPatch) => {
    setError(null);
    const failure = await onSave(patch);
    if (failure) setError(`Not saved: ${failure}`);
  };
  return (
    <div className="personal-card" role="group" aria-labelledby="memory-switches-title">
      <h2 id="memory-switches-title">Memory</h2>
      <Switch
        label="Reference saved memories"
        description="Let Redline save and use memories when answering. Off: nothing new is saved and saved memories are not used."
        checked={settings.memoryEnabled}
        onChange={(memoryEnabled) => void flip({ memoryEnabled })}
      />
      <Switch
        label="Reference chat history"
        description="Let Redline look at your past conversations when they help with the current one."
        checked={settings.chatHistoryEnabled}
        onChange={(chatHistoryEnabled) => void flip({ chatHistoryEnabled })}
      />
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <PageLink to={{ page: 'memory', conversationId: null, messageId: null }} className="text-link">
        Manage memories
      </PageLink>
    </div>
  );
}
