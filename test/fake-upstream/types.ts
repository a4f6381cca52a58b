import type { IncomingHttpHeaders } from 'node:http';

/** Time to first token: fixed, heavy-tailed (Pareto), or usually fast with a rare slow tail. */
export type Latency =
  | { kind: 'fixed'; ms: number }
  | { kind: 'pareto'; scaleMs: number; shape: number; capMs?: number }
  | { kind: 'slowTail'; probability: number; ms: number };

/** Fault injection knobs; every rate is a probability in [0, 1] drawn per request. */
export interface Faults {
  /** Answer with an HTTP error (OpenAI error JSON) before any byte of the stream. */
  errorRate?: number;
  /** Status for `errorRate` errors; default 500. */
  errorStatus?: number;
  /** Answer 429 with `Retry-After: <retryAfterSeconds>` (and `retry-after-ms`). */
  rateLimitRate?: number;
  /** Default 1. */
  retryAfterSeconds?: number;
  /** Delay before the first token. */
  latency?: Latency;
  /** Send headers, then never a byte until the client aborts. */
  stallRate?: number;
  /** One extra SSE chunk in the stream is not valid JSON (non-streaming: the body is truncated JSON). */
  malformedRate?: number;
  /** Destroy the socket after `cutAfterChunks` content chunks, without `[DONE]`. */
  cutRate?: number;
  /** Default 3. */
  cutAfterChunks?: number;
  /** Answer 200 with an HTML page instead of JSON/SSE (a proxy or captive portal). */
  htmlRate?: number;
  /** Destroy every new connection and every request immediately (a dead provider that still listens). */
  refuseConnections?: boolean;
}

/** One OpenAI content part; only `text` parts are read. */
export interface ContentPart {
  type: string;
  text?: string;
}

/** One OpenAI chat message as sent on the wire. */
export interface ChatMessage {
  role: string;
  content?: string | ContentPart[] | null;
  name?: string;
  tool_call_id?: string;
  tool_calls?: { id: string; type: 'function'; function: { name: string; arguments: string } }[];
}

/** The body of POST /v1/chat/completions, loosely typed: unknown fields are kept. */
export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean } | null;
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  stop?: string | string[] | null;
  tools?: unknown[];
  [key: string]: unknown;
}

/** A tool call the responder wants the model to make. */
export interface ToolCallAnswer {
  name: string;
  arguments: string;
}

/** What a responder answers: plain text, or text and/or tool calls and/or reasoning. */
export type ResponderResult = string | { text?: string; toolCalls?: ToolCallAnswer[]; reasoning?: string };

/** Facts about the server a responder may use (e.g. to say which provider answered). */
export interface ResponderContext {
  name: string;
}

/** Decides the answer to one chat request. May be async. */
export type Responder = (req: ChatRequest, ctx: ResponderContext) => ResponderResult | Promise<ResponderResult>;

/** How a recorded request ended; `active` while it is in flight. */
export type Outcome =
  | 'active'
  | 'ok'
  | 'error'
  | 'rate_limited'
  | 'cut'
  | 'stall'
  | 'malformed'
  | 'html'
  | 'aborted'
  | 'refused'
  | 'bad_request'
  | 'unauthorized'
  | 'not_found';

/** One request as the fake saw it. */
export interface RecordedRequest {
  /** Sequence number since start (not reset by `reset()`). */
  seq: number;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, or undefined when there was none or it was not JSON. */
  body: unknown;
  /** `Date.now()` when the request arrived. */
  time: number;
  outcome: Outcome;
  status?: number;
  durationMs?: number;
}

/** Counters since start or the last `reset()`. */
export interface FakeUpstreamStats {
  total: number;
  byOutcome: Record<string, number>;
  /** Requests in flight right now (not cleared by `reset()`). */
  active: number;
}

/** Options of `startFakeUpstream`. */
export interface FakeUpstreamOptions {
  /** Default 0 = ephemeral. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Appears in ids, `system_fingerprint`, the `x-fake-upstream` header and `owned_by`; default 'fake'. */
  name?: string;
  /** Listed by GET /v1/models and accepted by chat; default ['fake-model', 'fake-model-2']. */
  models?: string[];
  /** Delay between streamed chunks; default 0 (the whole answer is written at once). */
  tokenDelayMs?: number;
  faults?: Faults;
  /** Default: `echoResponder`. */
  respond?: Responder;
  /** Answer 400 "does not support tools" to requests that offer tools (a model or server without tool calling). */
  rejectTools?: boolean;
  /** When set, requests without `Authorization: Bearer <apiKey>` get 401. */
  apiKey?: string;
  /** Seed for a deterministic PRNG deciding faults; default `Math.random`. */
  seed?: number;
  /** Size of the recorded-request ring; default 1000. */
  maxRecorded?: number;
  /** Embedding size when the request does not ask for `dimensions`; default 64. */
  embeddingDimensions?: number;
}

/** A running fake OpenAI-compatible server. */
export interface FakeUpstream {
  /** Base URL including /v1, e.g. http://127.0.0.1:40123/v1. */
  readonly url: string;
  readonly port: number;
  readonly name: string;
  /** The last `maxRecorded` requests, oldest first. */
  readonly requests: RecordedRequest[];
  stats(): FakeUpstreamStats;
  setFaults(f: Faults): void;
  setResponder(r: Responder | undefined): void;
  setTokenDelay(ms: number): void;
  /** Clears requests, stats and faults, and re-seeds the PRNG. */
  reset(): void;
  /** Really closes the port (connections are refused) and destroys open sockets. */
  stopListening(): Promise<void>;
  /** Listens again on the same port. */
  startListening(): Promise<void>;
  /** Closes the server and destroys open sockets, so tests never hang. */
  close(): Promise<void>;
}
