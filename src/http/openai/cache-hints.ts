import type { JSONObject } from '@ai-sdk/provider';
import { RequestError } from '../errors.js';

/** Request headers that steer the response cache (README "Caching"). */
export const CACHE_REQUEST_HEADERS = { mode: 'x-redline-cache', scope: 'x-redline-cache-scope', standalone: 'x-redline-cache-standalone' } as const;

/**
 * The cache hint for one /v1 call, read from its headers: `x-redline-cache: force|skip` (default: cache only
 * temperature 0), `x-redline-cache-scope: shared` (entries every user can hit), `x-redline-cache-standalone: 1`
 * (a stand-alone, non-personal question: the semantic cache may answer). Headers rather than body fields, so
 * any OpenAI client can set them (`defaultHeaders`, `extra_headers`) without a schema change.
 */
export function cacheHintFromHeaders(headers: Pick<Headers, 'get'>, userId: string): JSONObject {
  const mode = headers.get(CACHE_REQUEST_HEADERS.mode)?.trim().toLowerCase() || 'auto';
  if (mode !== 'auto' && mode !== 'force' && mode !== 'skip') {
    throw new RequestError(`${CACHE_REQUEST_HEADERS.mode} must be "force", "skip" or "auto", got "${mode}"`, { code: 'invalid_cache_hint', param: CACHE_REQUEST_HEADERS.mode });
  }
  const scope = headers.get(CACHE_REQUEST_HEADERS.scope)?.trim().toLowerCase() || 'user';
  if (scope !== 'user' && scope !== 'shared') {
    throw new RequestError(`${CACHE_REQUEST_HEADERS.scope} must be "user" or "shared", got "${scope}"`, { code: 'invalid_cache_hint', param: CACHE_REQUEST_HEADERS.scope });
  }
  const standalone = headers.get(CACHE_REQUEST_HEADERS.standalone)?.trim().toLowerCase();
  return { userId, mode, shared: scope === 'shared', standalone: standalone === '1' || standalone === 'true' };
}
