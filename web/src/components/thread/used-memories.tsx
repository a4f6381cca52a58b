import { useId, useMemo, useState } from 'react';
import type { Message } from '../../api/types';
import { KIND_LABELS, usedMemoriesLabel, usedMemoriesOf } from '../../state/memory-view';
import { IconMemory } from '../icons';
import { PageLink } from '../ui/page-link';

/** "Used 2 memories" under an answer: a quiet disclosure listing the saved memories the answer was given. */
export function UsedMemoriesButton({ message, open, onToggle, panelId }: { message: Message; open: boolean; onToggle: () => void; panelId: string }) {
  const count = useMemo(() => usedMemoriesOf(message).length, [message]);
  if (count === 0) return null;
  return (
    <button type="button" className="used-memories-button" aria-expanded={open} aria-controls={panelId} onClick={onToggle}>
      <IconMemory />
      {usedMemoriesLabel(count)}
    </button>
  );
}

export function UsedMemoriesPanel({ message, id }: { message: Message; id: string }) {
  const memories = useMemo(() => usedMemoriesOf(message), [message]);
  return (
    <div className="used-memories" id={id} role="region" aria-label="Memories used for this answer">
      <ul>
        {memories.map((memory) => (
          <li key={memory.id}>
            <span className="kind-dot" data-kind={memory.kind} title={KIND_LABELS[memory.kind]} aria-hidden="true" />
            <span>{memory.content}</span>
          </li>
        ))}
      </ul>
      <PageLink to={{ page: 'memory', conversationId: null, messageId: null }} className="text-link">
        Manage memories
      </PageLink>
    </div>
  );
}

/** The disclosure's state and ids, shared by the button in the toolbar and the panel under it. */
export function useUsedMemories() {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  return { open, panelId, toggle: () => setOpen((v) => !v) };
}
