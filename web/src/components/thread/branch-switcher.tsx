import { useMemo } from 'react';
import { switchBranch } from '../../hooks/chat-actions';
import { useAppState } from '../../state/app-store';
import { selectBranch } from '../../state/selectors';
import { shallowEqual } from '../../state/store';
import { IconChevronLeft, IconChevronRight } from '../icons';

/** "‹ 2 / 3 ›" for a message with siblings (edits or regenerations). Renders nothing without siblings. */
export function BranchSwitcher({ messageId }: { messageId: string }) {
  const selector = useMemo(() => selectBranch(messageId), [messageId]);
  const { index, count } = useAppState(selector, shallowEqual);
  const busy = useAppState((s) => s.stream !== null);
  if (count < 2) return null;
  return (
    <div className="branch-switcher" role="group" aria-label="Branches">
      <button
        type="button"
        className="icon-button small"
        aria-label="Previous branch"
        disabled={busy || index === 0}
        onClick={() => void switchBranch(messageId, -1)}
      >
        <IconChevronLeft />
      </button>
      <span className="branch-count" aria-live="polite">
        {index + 1} / {count}
      </span>
      <button
        type="button"
        className="icon-button small"
        aria-label="Next branch"
        disabled={busy || index === count - 1}
        onClick={() => void switchBranch(messageId, 1)}
      >
        <IconChevronRight />
      </button>
    </div>
  );
}
