import { useEffect } from 'react';
import { useAppState } from '../state/app-store';
import { loadAuth } from './auth-actions';
import { loadConversations, loadThread } from './conversation-actions';
import { loadModels } from './model-actions';

/** Asks the server who we are on load, then loads models and the conversation list once signed in. */
export function useBootstrap(): void {
  const signedInAs = useAppState((s) => (s.auth.status === 'signed-in' ? s.auth.user.id : null));
  useEffect(() => {
    void loadAuth();
  }, []);
  useEffect(() => {
    if (!signedInAs) return;
    void loadModels();
    void loadConversations();
  }, [signedInAs]);
}

/** Loads the open conversation's messages whenever the route points at a new one. */
export function useThreadLoader(): void {
  const signedIn = useAppState((s) => s.auth.status === 'signed-in');
  const activeId = useAppState((s) => s.activeConversationId);
  const loadedId = useAppState((s) => s.thread?.conversationId ?? null);
  useEffect(() => {
    if (signedIn && activeId && activeId !== loadedId) void loadThread(activeId);
    // Only a route change (or signing in) triggers a load; `loadedId` is read, not watched.
  }, [signedIn, activeId]);

  // A message still streaming that this tab does not own (another tab, a reload mid-answer): poll until it
  // settles, for two minutes at most (a server that died mid-answer may never settle it).
  const foreignStreaming = useAppState((s) => {
    if (!s.thread || s.stream) return false;
    return Object.values(s.thread.messages).some((m) => m.status === 'streaming');
  });
  useEffect(() => {
    if (!foreignStreaming || !activeId) return;
    let polls = 0;
    const timer = setInterval(() => {
      polls += 1;
      if (polls > 80) clearInterval(timer);
      else void loadThread(activeId, { quiet: true });
    }, 1500);
    return () => clearInterval(timer);
  }, [foreignStreaming, activeId]);
}
