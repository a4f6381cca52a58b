import type {
  Conversation,
  DocumentInfo,
  DocumentScope,
  ErrorBody,
  LocalSetup,
  Message,
  ModelsResponse,
  Project,
  Source,
  ToolCall,
  User,
  Verification,
} from '../api/types';
import type { Banner, ThemePreference } from './app-state';
import type { AppPage } from './route';

/** Projects in the sidebar and on their page. */
export type ProjectAction =
  | { type: 'projects/loading' }
  | { type: 'projects/loaded'; projects: Project[] }
  | { type: 'projects/failed' }
  | { type: 'project/upserted'; project: Project }
  /** Its files go with it; its conversations stay and leave it. */
  | { type: 'project/removed'; id: string };

/** Files of a project or a conversation: listed, uploaded (one request each), polled while indexing, removed. */
export type FileAction =
  | { type: 'files/loading'; scope: DocumentScope }
  | { type: 'files/loaded'; scope: DocumentScope; documents: DocumentInfo[] }
  | { type: 'files/failed'; scope: DocumentScope; error: string }
  | { type: 'files/uploading'; scope: DocumentScope; localId: string; name: string; sizeBytes: number; at: string }
  | { type: 'files/uploaded'; scope: DocumentScope; localId: string; document: DocumentInfo }
  | { type: 'files/refused'; scope: DocumentScope; localId: string; error: ErrorBody }
  /** A newer copy of a document (polled while indexing), in whichever scope lists it. */
  | { type: 'file/updated'; document: DocumentInfo }
  /** A deleted document, or a refused upload dismissed. */
  | { type: 'file/removed'; id: string };

/** Every state change, as data. */
export type Action =
  | ProjectAction
  | FileAction
  | { type: 'auth/loaded'; authenticated: boolean; user: User | null; passwordless: boolean }
  | { type: 'auth/signed-in'; user: User }
  | { type: 'auth/signed-out'; reason: string | null }
  | { type: 'models/loading' }
  | { type: 'models/loaded'; response: ModelsResponse }
  | { type: 'models/failed' }
  | { type: 'models/preferred'; modelId: string }
  | { type: 'setup/updated'; setup: LocalSetup }
  | { type: 'conversations/loading'; more: boolean }
  | { type: 'conversations/loaded'; conversations: Conversation[]; more: boolean; hasMore: boolean }
  | { type: 'conversations/failed' }
  | { type: 'conversation/upserted'; conversation: Conversation }
  | { type: 'conversation/removed'; id: string }
  | { type: 'search/query'; query: string }
  | { type: 'search/loaded'; query: string; results: Conversation[] }
  | { type: 'search/failed'; query: string }
  /** `page` defaults to the chat; `messageId` asks to show one message of the conversation. */
  | { type: 'route/changed'; conversationId: string | null; page?: AppPage; messageId?: string | null; projectId?: string | null }
  | { type: 'thread/loading'; conversationId: string }
  | { type: 'thread/loaded'; conversation: Conversation; messages: Message[] }
  | { type: 'thread/failed'; conversationId: string; error: string }
  | { type: 'thread/leaf'; conversationId: string; leafId: string }
  /** One message replaced as a whole (a rating, optimistic or confirmed by the server). */
  | { type: 'message/updated'; conversationId: string; message: Message }
  | {
      type: 'stream/pending';
      conversationId: string;
      userMessage: Message | null;
      assistantMessage: Message;
    }
  | {
      type: 'stream/started';
      conversationId: string;
      localUserId: string | null;
      localAssistantId: string;
      userMessage: Message | null;
      assistantMessage: Message;
    }
  | { type: 'stream/delta'; conversationId: string; messageId: string; text: string }
  | { type: 'stream/tool'; conversationId: string; messageId: string; call: ToolCall }
  | { type: 'stream/reasoning'; conversationId: string; messageId: string; text: string }
  | { type: 'stream/sources'; conversationId: string; messageId: string; sources: Source[] }
  | { type: 'stream/verification'; conversationId: string; messageId: string; verification: Verification }
  /** The whole text so far (a reconnect without `Last-Event-ID`): replaces the row's text. */
  | { type: 'stream/snapshot'; conversationId: string; messageId: string; text: string }
  | { type: 'stream/reconnecting'; reconnecting: boolean }
  | { type: 'stream/stopping' }
  | { type: 'stream/finished'; conversationId: string; message: Message }
  | {
      type: 'stream/failed';
      conversationId: string;
      messageId: string;
      status: 'failed' | 'interrupted' | 'stopped';
      error: ErrorBody | null;
      /** The server's copy of the message, when it sent one. */
      message: Message | null;
    }
  | {
      type: 'stream/aborted';
      conversationId: string;
      localIds: string[];
      /** An existing answer the server refused to continue, as it was before. */
      restore: Message | null;
    }
  | { type: 'stream/ended' }
  | { type: 'banner/shown'; banner: Banner }
  | { type: 'banner/dismissed' }
  | { type: 'theme/set'; theme: ThemePreference }
  | { type: 'ui/sidebar'; open: boolean }
  | { type: 'ui/settings'; open: boolean }
  | { type: 'ui/draft'; draft: string }
  | { type: 'ui/focus-composer' }
  | { type: 'ui/temporary'; temporary: boolean }
  | { type: 'ui/think-harder'; on: boolean }
  /** Opens the side panel on source `n` of an answer (or switches it to another source). */
  | { type: 'ui/source-panel'; panel: { messageId: string; n: number } | null };
