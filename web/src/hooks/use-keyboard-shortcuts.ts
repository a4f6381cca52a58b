import { useEffect } from 'react';
import { appStore } from '../state/app-store';
import { stopStreaming } from './chat-actions';
import { newChat } from './conversation-actions';

/** Escape stops a streaming answer from anywhere; Ctrl/⌘+Shift+O starts a new chat. */
export function useKeyboardShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const state = appStore.getState();
      if (event.key === 'Escape' && state.stream && !state.ui.settingsOpen && !event.defaultPrevented) {
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
