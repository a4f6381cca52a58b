import { useEffect } from 'react';
import { appStore, dispatch } from '../state/app-store';
import { stopStreaming } from './chat-actions';
import { newChat } from './conversation-actions';

/** Escape closes the source panel, else stops a streaming answer, from anywhere; Ctrl/⌘+Shift+O starts a new chat. */
export function useKeyboardShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const state = appStore.getState();
      if (event.key === 'Escape' && state.ui.sourcePanel && !state.ui.settingsOpen && !event.defaultPrevented) {
        event.preventDefault();
        dispatch({ type: 'ui/source-panel', panel: null });
      } else if (event.key === 'Escape' && state.stream && !state.ui.settingsOpen && !event.defaultPrevented) {
        void stopStreaming();
      } else if ((event.ctrlKey || event.metaKey) && event.shiftKey && event.key.toLowerCase() === 'o') {
        event.preventDefault();
        newChat();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}
