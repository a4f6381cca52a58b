import type { DocumentInfo, Project } from '../api/types';
import type { FileAction, ProjectAction } from './actions';
import { scopeKey, type AppState, type FileItem, type FilesState, type ScopeFiles } from './app-state';

const asItem = (document: DocumentInfo): FileItem => ({ ...document, local: false });

const byNewest = (a: { createdAt: string }, b: { createdAt: string }) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0);

/** The files of every scope. Pure. */
export function reduceFiles(files: FilesState, action: FileAction): FilesState {
  switch (action.type) {
    case 'files/loading': {
      const key = scopeKey(action.scope);
      // A reload keeps what is shown until the answer arrives.
      const current = files[key];
      return { ...files, [key]: current ? { ...current, error: null } : { status: 'loading', error: null, items: [] } };
    }
    case 'files/loaded': {
      const key = scopeKey(action.scope);
      const ids = new Set(action.documents.map((d) => d.id));
      // Uploads this tab has in flight (or that were refused) stay on top until they are settled.
      const local = (files[key]?.items ?? []).filter((item) => item.local && !ids.has(item.id));
      return { ...files, [key]: { status: 'ready', error: null, items: [...local, ...action.documents.map(asItem).sort(byNewest)] } };
    }
    case 'files/failed': {
      const key = scopeKey(action.scope);
      const current = files[key];
      return { ...files, [key]: { status: 'error', error: action.error, items: current?.items ?? [] } };
    }
    case 'files/uploading': {
      const key = scopeKey(action.scope);
      const current: ScopeFiles = files[key] ?? { status: 'ready', error: null, items: [] };
      const item: FileItem = {
        id: action.localId,
        projectId: action.scope.kind === 'project' ? action.scope.id : null,
        conversationId: action.scope.kind === 'conversation' ? action.scope.id : null,
        name: action.name,
        format: null,
        sizeBytes: action.sizeBytes,
        status: 'uploading',
        progress: 0,
        error: null,
        chunkCount: 0,
        pageCount: null,
        createdAt: action.at,
        local: true,
      };
      return { ...files, [key]: { ...current, items: [item, ...current.items] } };
    }
    case 'files/uploaded':
      return updateScope(files, scopeKey(action.scope), (items) => {
        // The list may already hold it (a reload raced the upload's answer).
        const rest = items.filter((item) => item.id !== action.document.id);
        return rest.some((item) => item.id === action.localId)
          ? rest.map((item) => (item.id === action.localId ? asItem(action.document) : item))
          : [asItem(action.document), ...rest];
      });
    case 'files/refused':
      return updateScope(files, scopeKey(action.scope), (items) =>
        items.map((item) => (item.id === action.localId ? { ...item, status: 'failed', error: action.error } : item)),
      );
    case 'file/updated': {
      let next = files;
      for (const key of Object.keys(files)) {
        next = updateScope(next, key, (items) => items.map((item) => (item.id === action.document.id ? asItem(action.document) : item)));
      }
      return next;
    }
    case 'file/removed': {
      let next = files;
      for (const key of Object.keys(files)) next = updateScope(next, key, (items) => items.filter((item) => item.id !== action.id));
      return next;
    }
  }
}

/** The user's projects; deleting one takes its files and lets its conversations go. Pure. */
export function reduceProjects(state: AppState, action: ProjectAction): AppState {
  switch (action.type) {
    case 'projects/loading':
      return { ...state, projects: { ...state.projects, status: state.projects.status === 'ready' ? 'ready' : 'loading' } };
    case 'projects/loaded':
      return { ...state, projects: { status: 'ready', items: [...action.projects].sort(byName) } };
    case 'projects/failed':
      return { ...state, projects: { ...state.projects, status: state.projects.status === 'ready' ? 'ready' : 'error' } };
    case 'project/upserted': {
      const items = [...state.projects.items.filter((p) => p.id !== action.project.id), action.project].sort(byName);
      return { ...state, projects: { ...state.projects, items } };
    }
    case 'project/removed': {
      const { [scopeKey({ kind: 'project', id: action.id })]: _gone, ...files } = state.files;
      const leave = <T extends { projectId?: string | null }>(c: T): T => (c.projectId === action.id ? { ...c, projectId: null } : c);
      const conversation = state.thread?.conversation;
      return {
        ...state,
        projects: { ...state.projects, items: state.projects.items.filter((p) => p.id !== action.id) },
        files,
        conversations: { ...state.conversations, items: state.conversations.items.map(leave) },
        thread: state.thread && conversation ? { ...state.thread, conversation: leave(conversation) } : state.thread,
      };
    }
  }
}

function byName(a: Project, b: Project): number {
  return a.name.localeCompare(b.name, undefined, { sensitivity: 'base', numeric: true });
}

function updateScope(files: FilesState, key: string, update: (items: FileItem[]) => FileItem[]): FilesState {
  const current = files[key];
  if (!current) return files;
  const items = update(current.items);
  const changed = items.length !== current.items.length || items.some((item, i) => item !== current.items[i]);
  return changed ? { ...files, [key]: { ...current, items } } : files;
}
