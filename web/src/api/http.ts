import { ApiError, NetworkError } from './errors';

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Sent as JSON; a `FormData` is sent as multipart/form-data (the browser sets the boundary). */
  body?: unknown;
  signal?: AbortSignal;
  accept?: string;
  /** Extra request headers (`Last-Event-ID` on a stream reconnect). */
  headers?: Record<string, string>;
}

/** Sends one request to the app API; resolves the raw `Response` when its status is 2xx. */
export async function send(path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers, accept: options.accept ?? 'application/json' };
  const form = options.body instanceof FormData ? options.body : null;
  if (options.body !== undefined && !form) headers['content-type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: form ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new NetworkError({ path, cause });
  }
  if (!response.ok) throw await toApiError(path, response);
  return response;
}

/** Sends one request and parses the JSON answer. */
export async function sendJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options);
  return (await response.json()) as T;
}

async function toApiError(path: string, response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  let message = text.trim() || `${response.status} ${response.statusText}`.trim();
  let code = `http_${response.status}`;
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown; code?: unknown } | string };
    if (typeof body.error === 'string') message = body.error;
    else if (body.error && typeof body.error.message === 'string') {
      message = body.error.message;
      if (typeof body.error.code === 'string') code = body.error.code;
    }
  } catch {
    // Not JSON (a proxy's HTML error page, say): keep the text.
    if (message.startsWith('<')) message = `${response.status} ${response.statusText}`.trim();
  }
  return new ApiError({ message, status: response.status, code, path });
}

/** Builds a query string from defined values only. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
