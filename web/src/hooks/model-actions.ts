import { api } from '../api/client';
import { writePreference } from '../lib/preferences';
import { appStore, dispatch } from '../state/app-store';
import { reportError } from './report-error';

export async function loadModels(): Promise<void> {
  dispatch({ type: 'models/loading' });
  try {
    dispatch({ type: 'models/loaded', response: await api.listModels() });
  } catch (error) {
    dispatch({ type: 'models/failed' });
    reportError(error);
  }
}

/**
 * Picks the model: stored on the open conversation (PATCH) and remembered for new chats.
 */
export async function selectModel(modelId: string): Promise<void> {
  writePreference('model', modelId);
  dispatch({ type: 'models/preferred', modelId });
  const { activeConversationId, thread } = appStore.getState();
  const conversation = thread?.conversation;
  if (!activeConversationId || !conversation || conversation.id !== activeConversationId) return;
  dispatch({ type: 'conversation/upserted', conversation: { ...conversation, model: modelId } });
  try {
    const { conversation: saved } = await api.updateConversation(conversation.id, { model: modelId });
    dispatch({ type: 'conversation/upserted', conversation: saved });
  } catch (error) {
    dispatch({ type: 'conversation/upserted', conversation });
    reportError(error);
  }
}

/** Starts (or resumes) the download of the recommended local model. */
export async function startLocalSetup(): Promise<void> {
  try {
    const { setup } = await api.startLocalSetup();
    dispatch({ type: 'setup/updated', setup });
  } catch (error) {
    reportError(error);
  }
}

/** One poll of the download; reloads the models once it is ready. */
export async function pollLocalSetup(): Promise<void> {
  try {
    const { setup } = await api.localSetup();
    dispatch({ type: 'setup/updated', setup });
    if (setup.state === 'ready') await loadModels();
  } catch (error) {
    reportError(error);
  }
}
