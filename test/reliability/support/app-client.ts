import { readSse } from '../../../src/cli/sse.js';

/** A message as `GET /api/conversations/:id` returns it (the fields these checks read). */
export interface AppMessage {
  id: string;
  conversationId: string;
  parentId: string | null;
  role: 'user' | 'assistant' | 'system';
  content: string;
  status: string;
}

/** One answer streaming through `POST /api/conversations/:id/messages` (or `/continue`). */
export interface AnswerStream {
  /** Resolves with the `start` event's data: the server has committed the user message. */
  started: Promise<{ userMessage: AppMessage | null; assistantMessage: AppMessage }>;
  /** Resolves when the first `delta` arrived. */
  firstDelta: Promise<void>;
  /** Resolves when the stream ends (cleanly, with an error event, or because the server died). */
  ended: Promise<{ last: string | null; text: string; final: AppMessage | null; broken: boolean }>;
}

/** The app API (the one the UI uses) with the owner's session cookie. */
export class AppClient {
  constructor(
    readonly url: string,
    readonly cookie: string,
  ) {}

  async json<T>(method: string, pathname: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.url}${pathname}`, {
      method,
      headers: { cookie: this.cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  }

  async createConversation(): Promise<string> {
    const { body } = await this.json<{ conversation: { id: string } }>('POST', '/api/conversations', {});
    return body.conversation.id;
  }

  async conversation(id: string): Promise<{ conversation: { id: string; currentLeafId: string | null }; messages: AppMessage[] }> {
    const { status, body } = await this.json<{ conversation: { id: string; currentLeafId: string | null }; messages: AppMessage[] }>('GET', `/api/conversations/${id}`);
    if (status !== 200) throw new Error(`GET conversation ${id}: ${status} ${JSON.stringify(body)}`);
    return body;
  }

  /** Sends a user message; the answer streams in the background. */
  send(conversationId: string, content: string): AnswerStream {
    return this.stream(`/api/conversations/${conversationId}/messages`, { content });
  }

  /** Continues an interrupted, failed or stopped answer in place. */
  continue(conversationId: string, messageId: string): AnswerStream {
    return this.stream(`/api/conversations/${conversationId}/messages/${messageId}/continue`, {});
  }

  private stream(pathname: string, body: unknown): AnswerStream {
    let onStart!: (value: { userMessage: AppMessage | null; assistantMessage: AppMessage }) => void;
    let onFirstDelta!: () => void;
    let failStart!: (error: unknown) => void;
    const started = new Promise<{ userMessage: AppMessage | null; assistantMessage: AppMessage }>((resolve, reject) => {
      onStart = resolve;
      failStart = reject;
    });
    const firstDelta = new Promise<void>((resolve) => (onFirstDelta = resolve));
    // Nobody may be waiting on these when the server dies first.
    started.catch(() => {});
    const ended = (async () => {
      let last: string | null = null;
      let text = '';
      let final: AppMessage | null = null;
      try {
        const response = await fetch(`${this.url}${pathname}`, { method: 'POST', headers: { cookie: this.cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
        if (response.status !== 200 || !response.body) throw new Error(`${pathname}: ${response.status} ${await response.text()}`);
        for await (const event of readSse(response.body)) {
          last = event.event;
          const data = JSON.parse(event.data) as { text?: string; message?: AppMessage; userMessage?: AppMessage | null; assistantMessage?: AppMessage };
          if (event.event === 'start') {
            text = data.assistantMessage?.content ?? '';
            onStart({ userMessage: data.userMessage ?? null, assistantMessage: data.assistantMessage! });
          } else if (event.event === 'delta') {
            text += data.text ?? '';
            onFirstDelta();
          } else if (event.event === 'done' || event.event === 'error') {
            final = data.message ?? null;
          }
        }
        return { last, text, final, broken: false };
      } catch (error) {
        failStart(error);
        return { last, text, final, broken: true };
      }
    })();
    return { started, firstDelta, ended };
  }
}

/** Signs in passwordless (loopback) and returns an app client. */
export async function signIn(url: string): Promise<AppClient> {
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
  return new AppClient(url, (login.headers.get('set-cookie') ?? '').split(';')[0]);
}

/** Creates an API key for the signed-in owner (for /v1). */
export async function createApiKey(client: AppClient): Promise<string> {
  const { status, body } = await client.json<{ secret: string }>('POST', '/api/keys', { name: 'reliability' });
  if (status !== 201) throw new Error(`could not create an API key: ${status}`);
  return body.secret;
}
