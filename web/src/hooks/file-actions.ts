import { useEffect, useMemo } from 'react';
import { api } from '../api/client';
import { ApiError, errorMessage, isAbortError } from '../api/errors';
import type { DocumentInfo, DocumentScope, ErrorBody } from '../api/types';
import { localId } from '../lib/format';
import { scopeKey, type AppState, type FileItem } from '../state/app-state';
import { appStore, dispatch, useAppState } from '../state/app-store';
import { shallowEqual } from '../state/store';
import { createConversation } from './chat-actions';
import { reportError } from './report-error';

/** How often a file being indexed is asked about. */
export const POLL_INTERVAL_MS = 700;
/** Uploads sent at once; the rest wait their turn (one request per file). */
const PARALLEL_UPLOADS = 3;

/** Loads the files of a project or a conversation. `quiet`: a 404 (nothing there yet) shows no error. */
export async function loadFiles(scope: DocumentScope, options: { quiet?: boolean } = {}): Promise<void> {
  dispatch({ type: 'files/loading', scope });
  try {
    const { documents } = await api.listDocuments(scope);
    dispatch({ type: 'files/loaded', scope, documents });
  } catch (error) {
    if (error instanceof ApiError && error.unauthorized) return reportError(error);
    if (options.quiet) {
      dispatch({ type: 'files/loaded', scope, documents: [] });
      return;
    }
    dispatch({ type: 'files/failed', scope, error: errorMessage(error) });
  }
}

/**
 * Uploads files, one request each: each shows at once as uploading, then as the server's document
 * (indexing, polled by `useFilePolling`), or with the server's reason when it is refused.
 */
export async function uploadFiles(scope: DocumentScope, files: readonly File[]): Promise<void> {
  const queue = files.map((file) => {
    const id = localId('upload');
    dispatch({ type: 'files/uploading', scope, localId: id, name: file.name, sizeBytes: file.size, at: new Date().toISOString() });
    return { id, file };
  });
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) await uploadOne(scope, next);
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_UPLOADS, queue.length) }, worker));
}

async function uploadOne(scope: DocumentScope, upload: { id: string; file: File }): Promise<void> {
  try {
    const { document } = await api.uploadDocument(scope, upload.file);
    dispatch({ type: 'files/uploaded', scope, localId: upload.id, document });
    if (scope.kind === 'project') bumpDocumentCount(scope.id, 1);
  } catch (error) {
    if (error instanceof ApiError && error.unauthorized) reportError(error);
    dispatch({ type: 'files/refused', scope, localId: upload.id, error: refusal(error) });
  }
}

/** The server's reason for refusing a file, in words a user can act on. */
function refusal(error: unknown): ErrorBody {
  if (error instanceof ApiError) return { message: error.message, code: error.code };
  return { message: errorMessage(error), code: 'network' };
}

/**
 * Attaches files to the open conversation (the composer's paperclip or a drop): on the new-chat
 * page the conversation is created first, so the files have somewhere to go.
 */
export async function attachFiles(files: readonly File[]): Promise<void> {
  if (files.length === 0) return;
  let conversationId = appStore.getState().activeConversationId;
  if (!conversationId) {
    try {
      conversationId = await createConversation();
    } catch (error) {
      reportError(error);
      return;
    }
    // A new conversation has no files: nothing to load.
    dispatch({ type: 'files/loaded', scope: { kind: 'conversation', id: conversationId }, documents: [] });
  }
  await uploadFiles({ kind: 'conversation', id: conversationId }, files);
}

/** Deletes a file (a refused upload is only dismissed). Resolves an error message, or null. */
export async function removeFile(item: FileItem): Promise<string | null> {
  if (item.local) {
    if (item.status === 'uploading') return null;
    dispatch({ type: 'file/removed', id: item.id });
    return null;
  }
  try {
    await api.deleteDocument(item.id);
  } catch (error) {
    // Already gone: show it gone.
    if (!(error instanceof ApiError && error.status === 404)) {
      if (error instanceof ApiError && error.unauthorized) reportError(error);
      return errorMessage(error);
    }
  }
  dispatch({ type: 'file/removed', id: item.id });
  if (item.projectId) bumpDocumentCount(item.projectId, -1);
  return null;
}

/** Keeps the sidebar's and the project page's count of files in step without reloading the project. */
function bumpDocumentCount(projectId: string, by: number): void {
  const project = appStore.getState().projects.items.find((p) => p.id === projectId);
  if (project) dispatch({ type: 'project/upserted', project: { ...project, documentCount: Math.max(0, project.documentCount + by) } });
}

const selectIndexingIds = (key: string | null) => (state: AppState) =>
  key ? (state.files[key]?.items ?? []).filter((item) => item.status === 'indexing' && !item.local).map((item) => item.id) : [];

/**
 * While it is mounted, asks every ~700 ms about the scope's files still being indexed, until each is
 * ready or failed (or gone). A file that vanished on the server is dropped from the list.
 */
export function useFilePolling(scope: DocumentScope | null): void {
  const key = scope ? scopeKey(scope) : null;
  const selector = useMemo(() => selectIndexingIds(key), [key]);
  const ids = useAppState(selector, shallowEqual);
  const idList = ids.join(' ');
  useEffect(() => {
    if (!idList) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      await Promise.all(idList.split(' ').map((id) => pollOne(id, controller.signal)));
      if (!controller.signal.aborted) timer = setTimeout(() => void poll(), POLL_INTERVAL_MS);
    };
    timer = setTimeout(() => void poll(), POLL_INTERVAL_MS);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [idList]);
}

async function pollOne(id: string, signal: AbortSignal): Promise<void> {
  let document: DocumentInfo;
  try {
    ({ document } = await api.document(id, signal));
  } catch (error) {
    if (isAbortError(error) || signal.aborted) return;
    if (error instanceof ApiError && error.status === 404) dispatch({ type: 'file/removed', id });
    else if (error instanceof ApiError && error.unauthorized) reportError(error);
    // A dropped poll is asked again on the next tick.
    return;
  }
  if (!signal.aborted) dispatch({ type: 'file/updated', document });
}

/** Loads a scope's files the first time something shows them. */
export function useScopeFiles(scope: DocumentScope | null, options: { quiet?: boolean } = {}): void {
  const key = scope ? scopeKey(scope) : null;
  const known = useAppState((s) => (key ? key in s.files : true));
  const quiet = options.quiet ?? false;
  useEffect(() => {
    if (!scope || known) return;
    void loadFiles(scope, { quiet });
    // The scope is named by its key: a new object for the same scope loads nothing.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by `key`
  }, [key, known, quiet]);
  useFilePolling(scope);
}
