import { useEffect } from 'react';
import { useAppState } from '../state/app-store';
import { loadAuth } from './auth-actions';
import { loadConversations, loadThread } from './conversation-actions';
import { loadModels } from './model-actions';
import { loadProjects } from './project-actions';

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
    void loadProjects();
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
    // eslint-disable-next-line react-hooks/exhaustive-deps -- watching loadedId would reload after every load
  }, [signedIn, activeId]);
}
