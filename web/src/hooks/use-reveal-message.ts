import { useEffect, useRef } from 'react';
import { appStore, dispatch, useAppState } from '../state/app-store';
import { newestLeafUnder } from '../state/message-tree';

/**
 * Shows the message the route names (`/c/<id>?message=<messageId>`, from "Why do you know this?"):
 * opens the branch that holds it, then scrolls it into the middle of the view, once per link.
 * Returns the id to highlight.
 */
export function useRevealMessage(options: { pathIds: readonly string[]; scrollToRow: (index: number) => void }): string | null {
  const { pathIds, scrollToRow } = options;
  const focusId = useAppState((s) => s.focusMessageId);
  const ready = useAppState((s) => s.thread?.status === 'ready' && s.thread.conversationId === s.activeConversationId);
  const done = useRef<string | null>(null);

  useEffect(() => {
    const thread = appStore.getState().thread;
    if (!focusId || !ready || !thread) return;
    const key = `${thread.conversationId}:${focusId}`;
    if (done.current === key) return;
    if (!thread.messages[focusId]) {
      // The message is gone (edited away or deleted): the conversation is the best we can show.
      done.current = key;
      return;
    }
    const index = pathIds.indexOf(focusId);
    if (index < 0) {
      // On another branch: show that branch here (the conversation's saved branch is left as it was).
      dispatch({ type: 'thread/leaf', conversationId: thread.conversationId, leafId: newestLeafUnder(thread, focusId) });
      return;
    }
    done.current = key;
    scrollToRow(index);
  }, [focusId, ready, pathIds, scrollToRow]);

  return ready ? focusId : null;
}
