import type { Conversation, ErrorBody, LocalSetup, Message, ModelsResponse, ToolCall, User } from '../api/types';
import type { Banner, ThemePreference } from './app-state';
import type { AppPage } from './route';

/** Every state change, as data. */
export type Action =
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
  | { type: 'route/changed'; conversationId: string | null; page?: AppPage; messageId?: string | null }
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
  | { type: 'ui/think-harder'; on: boolean };
