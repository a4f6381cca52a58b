import type { LanguageModelV3, LanguageModelV3CallOptions, LanguageModelV3StreamResult, SharedV3Headers } from '@ai-sdk/provider';
import { withoutCacheHint } from './cache-key.js';
import { planCache, type CachePlan } from './cache-plan.js';
import { answerFromContent, recordStream, replayContent, replayStream } from './replay.js';
import { bestMatch } from './semantic-match.js';
import type { CachedAnswer, CacheEvents, CacheKind, CacheOutcome, CacheSettings, ResponseCacheStore, TextEmbedder } from './types.js';

/** The response header (and stream metadata) naming what the cache did. */
export const CACHE_HEADER = 'x-redline-cache';

/** What every cached model of a process shares. */
export interface ResponseCache {
  store: ResponseCacheStore;
  settings: CacheSettings;
  embedder: TextEmbedder;
  events?: CacheEvents;
}

interface Found {
  kind: CacheKind;
  answer: CachedAnswer;
}

/** A looked-up call: the answer if one was found, else what to store once the model has answered. */
interface Lookup {
  found: Found | null;
  outcome: CacheOutcome;
  save: (answer: CachedAnswer) => void;
}

/**
 * Wraps a model with the exact and semantic response caches. The caller opts in per call with
 * `providerOptions.redline.cache` ({ userId, mode, shared, standalone }); a hit replays the stored answer as
 * a normal stream (or generate result), and every result carries `x-redline-cache: hit|miss|bypass` in its
 * response headers.
 *
 * @example const model = withResponseCache(resilient, { cache, modelId: 'openai:gpt-4o' });
 */
export function withResponseCache(model: LanguageModelV3, options: { cache: ResponseCache; modelId: string }): LanguageModelV3 {
  const { cache, modelId } = options;
  const stripped = (call: LanguageModelV3CallOptions): LanguageModelV3CallOptions => ({ ...call, providerOptions: withoutCacheHint(call.providerOptions) });

  return {
    specificationVersion: 'v3',
    provider: model.provider,
    modelId: model.modelId,
    get supportedUrls() {
      return model.supportedUrls;
    },
    async doStream(call) {
      const lookup = await look(cache, { modelId, plan: planCache({ modelId, options: call, settings: cache.settings }) });
      if (lookup.found) {
        return { stream: replayStream(lookup.found.answer, lookup.found.kind), response: { headers: { [CACHE_HEADER]: 'hit' } } } satisfies LanguageModelV3StreamResult;
      }
      const result = await model.doStream(stripped(call));
      const stream = lookup.outcome === 'miss' ? recordStream(result.stream, lookup.save) : result.stream;
      return { ...result, stream, response: { ...result.response, headers: withHeader(result.response?.headers, lookup.outcome) } };
    },
    async doGenerate(call) {
      const lookup = await look(cache, { modelId, plan: planCache({ modelId, options: call, settings: cache.settings }) });
      if (lookup.found) {
        const { answer } = lookup.found;
        return { content: replayContent(answer), finishReason: answer.finishReason, usage: answer.usage, warnings: [], response: { headers: { [CACHE_HEADER]: 'hit' } } };
      }
      const result = await model.doGenerate(stripped(call));
      if (lookup.outcome === 'miss') {
        const answer = answerFromContent(result);
        if (answer) lookup.save(answer);
      }
      return { ...result, response: { ...result.response, headers: withHeader(result.response?.headers, lookup.outcome) } };
    },
  };
}

/**
 * The stored exact answer for a call when the store holds it in process memory (`peekExact`): no
 * query and no model, so a caller that can write the answer itself (the /v1 fast path) skips the model
 * path. Counted and touched like any hit. Null whenever the full path has something to decide: no
 * hint, not deterministic, not in memory.
 */
export function hotExactAnswer(cache: ResponseCache, input: { modelId: string; options: LanguageModelV3CallOptions }): CachedAnswer | null {
  const { store, settings, events } = cache;
  const { hint, exact } = planCache({ modelId: input.modelId, options: input.options, settings });
  if (!hint || !exact || !store.peekExact) return null;
  const row = store.peekExact({ userId: hint.userId, key: exact.key, shared: hint.shared === true });
  if (!row) return null;
  events?.onCache?.({ kind: 'exact', outcome: 'hit' });
  store.touch(row.id).catch((error: unknown) => events?.onError?.({ op: 'touch', error }));
  return row.answer;
}

const withHeader = (headers: SharedV3Headers | undefined, outcome: CacheOutcome): SharedV3Headers => ({ ...headers, [CACHE_HEADER]: outcome });

/** Consults the caches the plan allows, exact first; a store failure is reported and counts as a miss. */
async function look(cache: ResponseCache, input: { modelId: string; plan: CachePlan }): Promise<Lookup> {
  const { store, settings, embedder, events } = cache;
  const { plan, modelId } = input;
  const report = (kind: CacheKind, outcome: CacheOutcome) => events?.onCache?.({ kind, outcome });
  const failed = (op: string) => (error: unknown) => events?.onError?.({ op, error });
  const { hint, exact, semantic } = plan;
  if (!hint || (!exact && !semantic)) {
    report('exact', 'bypass');
    report('semantic', 'bypass');
    return { found: null, outcome: 'bypass', save: () => undefined };
  }
  const shared = hint.shared === true;

  if (exact) {
    const row = await store.getExact({ userId: hint.userId, key: exact.key, shared }).catch((error: unknown) => (failed('getExact')(error), null));
    if (row) {
      report('exact', 'hit');
      // Recency drives eviction, but the replay need not wait for the write.
      store.touch(row.id).catch(failed('touch'));
      return { found: { kind: 'exact', answer: row.answer }, outcome: 'hit', save: () => undefined };
    }
    report('exact', 'miss');
  } else report('exact', 'bypass');

  let embedding: number[] | null = null;
  if (semantic) {
    try {
      [embedding] = await embedder.embed([semantic.question]);
      const candidates = await store.semanticCandidates({ userId: hint.userId, model: modelId, embeddingModel: embedder.id, shared });
      const match = bestMatch({ question: semantic.question, embedding, candidates: candidates.filter((c) => c.context === semantic.context), threshold: settings.semantic.threshold });
      if (match) {
        report('semantic', 'hit');
        store.touch(match.candidate.id).catch(failed('touch'));
        return { found: { kind: 'semantic', answer: match.candidate.answer }, outcome: 'hit', save: () => undefined };
      }
    } catch (error) {
      failed('semanticLookup')(error);
    }
    report('semantic', 'miss');
  } else report('semantic', 'bypass');

  const save = (answer: CachedAnswer) => {
    // Writes happen after the answer has streamed: off the critical path, and failures only reported.
    if (Buffer.byteLength(JSON.stringify(answer)) > settings.maxEntryBytes) return;
    const writes: Promise<void>[] = [];
    if (exact) writes.push(store.put({ userId: hint.userId, shared, entry: { kind: 'exact', key: exact.key, model: modelId, answer } }));
    if (semantic && embedding) {
      const entry = { kind: 'semantic' as const, key: semanticKey(semantic), model: modelId, answer, question: semantic.question, embedding, embeddingModel: embedder.id, context: semantic.context };
      writes.push(store.put({ userId: hint.userId, shared, entry }));
    }
    for (const write of writes) write.catch(failed('put'));
  };
  return { found: null, outcome: 'miss', save };
}

/** One semantic row per exact question text and context (a repeat replaces it). */
function semanticKey(semantic: { question: string; context: string }): string {
  return `${semantic.context}:${semantic.question.toLowerCase().replace(/\s+/g, ' ')}`;
}
