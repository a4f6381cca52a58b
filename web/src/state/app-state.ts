import type { Conversation, DocumentInfo, DocumentScope, DocumentStatus, LocalSetup, ModelInfo, Project, User } from '../api/types';
import type { MessageTree } from './message-tree';
import type { AppPage } from './route';

export type ThemePreference = 'system' | 'light' | 'dark';

export type AuthState =
  | { status: 'loading' }
  | { status: 'signed-out'; passwordless: boolean; reason: string | null }
  | { status: 'signed-in'; user: User; passwordless: boolean };

export interface ModelsState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  items: ModelInfo[];
  serverDefault: string | null;
  setup: LocalSetup | null;
  /** The user's last choice, remembered for new chats. */
  preferred: string | null;
}

export interface ConversationListState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  items: Conversation[];
  hasMore: boolean;
  loadingMore: boolean;
}

export interface SearchState {
  query: string;
  status: 'idle' | 'loading' | 'ready' | 'error';
  results: Conversation[];
}

export interface ThreadState extends MessageTree {
  conversationId: string;
  conversation: Conversation | null;
  status: 'loading' | 'ready' | 'error';
  error: string | null;
  currentLeafId: string | null;
}

/**
 * The answer being streamed: a new turn (ids start as optimistic `local-*` ids and become real at
 * `start`), a continuation, or an answer already running that this tab attached to.
 */
export interface StreamState {
  conversationId: string;
  userMessageId: string | null;
  assistantMessageId: string;
  /** `reconnecting`: the connection dropped and is being picked up again (`Last-Event-ID`). */
  phase: 'connecting' | 'streaming' | 'reconnecting' | 'stopping';
  /** The whole answer so far (a continuation starts with its earlier text), kept even while another conversation is shown. */
  text: string;
}

export interface ProjectsState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  items: Project[];
}

/**
 * A file as the UI shows it: the server's document, or an upload the server has not answered yet
 * (`uploading`) or refused (`failed` with its error). `local` rows exist only in this tab.
 */
export interface FileItem extends Omit<DocumentInfo, 'status'> {
  status: DocumentStatus | 'uploading';
  local: boolean;
}

/** The files of one scope (a project's, or one conversation's attachments). */
export interface ScopeFiles {
  status: 'loading' | 'ready' | 'error';
  error: string | null;
  /** Newest first; uploads in flight and refused ones on top. */
  items: FileItem[];
}

/** Files by scope key (`scopeKey`): `project:<id>` or `conversation:<id>`. */
export type FilesState = Record<string, ScopeFiles>;

export const scopeKey = (scope: DocumentScope): string => `${scope.kind}:${scope.id}`;

/** The passage the side panel shows: source `n` of one answer. */
export interface SourcePanelState {
  messageId: string;
  n: number;
}

/** What a banner's Retry button does. */
export type RetryIntent =
  | { type: 'regenerate'; conversationId: string; messageId: string }
  | { type: 'continue'; conversationId: string; messageId: string }
  | { type: 'resend'; conversationId: string | null; content: string; parentId: string | null | undefined }
  | { type: 'reload'; conversationId: string | null };

export interface Banner {
  kind: 'model' | 'network';
  message: string;
  /** The failed assistant message, so the row does not show a second Retry. */
  messageId: string | null;
  retry: RetryIntent | null;
}

export interface UiState {
  sidebarOpen: boolean;
  settingsOpen: boolean;
  draft: string;
  /** Bumped to ask the composer for focus (after send, on new chat). */
  focusToken: number;
  /** The next new chat is temporary (the toggle on the new-chat page). */
  temporary: boolean;
  /** Messages are sent with "Think harder" until it is switched off. */
  thinkHarder: boolean;
  /** The open citation side panel, if any. */
  sourcePanel: SourcePanelState | null;
}

export interface AppState {
  auth: AuthState;
  models: ModelsState;
  conversations: ConversationListState;
  search: SearchState;
  projects: ProjectsState;
  files: FilesState;
  /** The page shown in the main column (the address bar names it). */
  page: AppPage;
  activeConversationId: string | null;
  /** The project whose page is shown (`page === 'project'`). */
  activeProjectId: string | null;
  /** A message the route asks to show (`?message=`): its branch is opened and it is scrolled to and highlighted. */
  focusMessageId: string | null;
  thread: ThreadState | null;
  stream: StreamState | null;
  banner: Banner | null;
  theme: ThemePreference;
  ui: UiState;
}

export function initialState(options: { theme: ThemePreference; preferredModel: string | null; wide: boolean }): AppState {
  return {
    auth: { status: 'loading' },
    models: { status: 'idle', items: [], serverDefault: null, setup: null, preferred: options.preferredModel },
    conversations: { status: 'idle', items: [], hasMore: false, loadingMore: false },
    search: { query: '', status: 'idle', results: [] },
    projects: { status: 'idle', items: [] },
    files: {},
    page: 'chat',
    activeConversationId: null,
    activeProjectId: null,
    focusMessageId: null,
    thread: null,
    stream: null,
    banner: null,
    theme: options.theme,
    ui: { sidebarOpen: options.wide, settingsOpen: false, draft: '', focusToken: 0, temporary: false, thinkHarder: false, sourcePanel: null },
  };
}
