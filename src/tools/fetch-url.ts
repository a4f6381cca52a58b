import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { Agent, fetch, type Dispatcher } from 'undici';
import { z } from 'zod';
import { BlockedUrlError, type NetworkPolicy, type VettedTarget } from './network-policy.js';
import { ToolInputError, type Tool } from './types.js';

export interface FetchLimits {
  /** Largest response body read (bytes). */
  maxBytes: number;
  /** Whole fetch, redirects included. */
  timeoutMs: number;
  maxRedirects: number;
  /** Longest text handed to the model. */
  maxChars: number;
}

export const DEFAULT_FETCH_LIMITS: FetchLimits = { maxBytes: 2 * 1024 * 1024, timeoutMs: 10_000, maxRedirects: 5, maxChars: 20_000 };

/** A page read for the model: its title, where it ended up after redirects, and its readable text. */
export interface FetchedPage {
  url: string;
  title: string | null;
  text: string;
  contentType: string;
}

const READABLE = /^(text\/(html|plain|markdown|csv|xml)|application\/(json|xhtml\+xml|xml))\b/i;

/**
 * Fetches a page for the model, safely: every hop of a redirect is vetted by the policy, the
 * connection goes to the address that was vetted (not a second lookup), and size and time are bounded.
 * HTML is reduced to its readable text (Readability, as Firefox's reader view).
 */
export async function fetchReadable(raw: string, options: { policy: NetworkPolicy; limits?: FetchLimits; signal?: AbortSignal }): Promise<FetchedPage> {
  const limits = options.limits ?? DEFAULT_FETCH_LIMITS;
  const signal = options.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(limits.timeoutMs)]) : AbortSignal.timeout(limits.timeoutMs);
  let target = await options.policy.vet(raw);
  for (let hop = 0; ; hop++) {
    const dispatcher = pinnedAgent(target);
    try {
      const response = await fetch(target.url, {
        dispatcher,
        redirect: 'manual',
        signal,
        headers: { 'user-agent': 'Redline/0.1 (+https://github.com/redline; reading a page a user shared)', accept: 'text/html,text/plain,application/json;q=0.9,*/*;q=0.1' },
      });
      if (response.status >= 300 && response.status < 400 && response.headers.get('location')) {
        await response.body?.cancel();
        if (hop >= limits.maxRedirects) throw new ToolInputError(`${raw} redirects more than ${limits.maxRedirects} times.`);
        target = await options.policy.vet(new URL(response.headers.get('location')!, target.url));
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new ToolInputError(`${target.url.href} answered ${response.status} ${response.statusText}.`);
      }
      const contentType = response.headers.get('content-type') ?? 'application/octet-stream';
      if (!READABLE.test(contentType)) {
        await response.body?.cancel();
        throw new ToolInputError(`${target.url.href} is ${contentType.split(';')[0]}, not a page Redline can read.`);
      }
      const body = await readBounded(response.body as ReadableStream<Uint8Array> | null, limits.maxBytes);
      return toPage({ url: target.url.href, contentType, body, maxChars: limits.maxChars });
    } catch (error) {
      if (error instanceof BlockedUrlError || error instanceof ToolInputError) throw error;
      if (signal.aborted) throw new ToolInputError(`${target.url.href} took longer than ${limits.timeoutMs} ms.`);
      throw new ToolInputError(`Could not fetch ${target.url.href}: ${(error as Error).message}`);
    } finally {
      void dispatcher.close();
    }
  }
}

/** An agent that connects to the vetted address whatever the name resolves to now. */
function pinnedAgent(target: VettedTarget): Dispatcher {
  return new Agent({
    connect: {
      lookup: (_hostname, options, callback) => {
        const all = (options as { all?: boolean }).all;
        if (all) (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: target.address, family: target.family }]);
        else (callback as (e: null, a: string, f: number) => void)(null, target.address, target.family);
      },
    },
  });
}

async function readBounded(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<string> {
  if (!body) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new ToolInputError(`The page is larger than ${Math.round(maxBytes / 1024)} KB.`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function toPage(input: { url: string; contentType: string; body: string; maxChars: number }): FetchedPage {
  const cut = (text: string) => (text.length > input.maxChars ? `${text.slice(0, input.maxChars)}\n… (cut at ${input.maxChars} characters)` : text);
  if (!/html/i.test(input.contentType)) return { url: input.url, title: null, text: cut(input.body.trim()), contentType: input.contentType };
  const { document } = parseHTML(input.body);
  const article = new Readability(document as unknown as Document).parse();
  const text = (article?.textContent ?? document.body?.textContent ?? '').replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').replace(/[ \t]{2,}/g, ' ').trim();
  return { url: input.url, title: article?.title?.trim() || document.title?.trim() || null, text: cut(text), contentType: input.contentType };
}

const input = z.object({ url: z.string().min(1).max(2000) });

/** Reads a web page the user shared (public addresses only). */
export function fetchUrlTool(options: { policy: NetworkPolicy; limits?: FetchLimits }): Tool<z.infer<typeof input>> {
  const limits = options.limits ?? DEFAULT_FETCH_LIMITS;
  return {
    name: 'fetch_url',
    description: 'Read a public web page or text file by its URL, usually one the user pasted, and get its title and readable text. Cite the URL when you use it.',
    inputSchema: {
      type: 'object',
      properties: { url: { type: 'string', description: 'An http or https URL.' } },
      required: ['url'],
      additionalProperties: false,
    },
    parse: input,
    timeoutMs: limits.timeoutMs + 2000,
    async run({ url }, context) {
      try {
        const page = await fetchReadable(url, { policy: options.policy, limits, signal: context.signal });
        return { text: `${page.title ? `Title: ${page.title}\n` : ''}URL: ${page.url}\n\n${page.text || '(the page has no readable text)'}` };
      } catch (error) {
        if (error instanceof BlockedUrlError) throw new ToolInputError(error.message);
        throw error;
      }
    },
  };
}
