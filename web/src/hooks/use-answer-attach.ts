import { useEffect } from 'react';
import { useAppState } from '../state/app-store';
import { selectAnswerToAttach } from '../state/selectors';
import { attachToAnswer } from './chat-actions';
import { detachUnlessShown } from './run-turn';

/**
 * Shows an answer that is still being written as a live one when its conversation opens (page load,
 * reload, switching conversations, a second tab), and lets go of it when another conversation opens.
 */
export function useAnswerAttach(): void {
  const activeId = useAppState((s) => s.activeConversationId);
  const target = useAppState(selectAnswerToAttach);
  useEffect(() => {
    detachUnlessShown(activeId);
  }, [activeId]);
  useEffect(() => {
    // No cleanup: attaching sets `stream`, which clears `target` while the answer streams on.
    if (target) void attachToAnswer(target);
  }, [target]);
}
