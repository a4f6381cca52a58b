import type { Logger } from 'pino';
import type { Embedder } from '../memory/index.js';
import { chunkDocument } from './chunk/index.js';
import type { DocumentStore, NewChunk } from './document-store.js';
import { DocumentFormatError, parseDocument } from './parse/index.js';
import { DocumentInputError, type DocumentLimits } from './types.js';

/** Passages embedded per call; progress is written after each batch. */
const EMBED_BATCH = 32;

/**
 * Turns an uploaded file into searchable passages: parse (structure kept), chunk along it, embed when
 * an embedding model is configured, then store everything at once. Progress goes to the document row
 * as it runs; any failure marks the document failed with a readable reason and leaves no passages.
 */
export class DocumentIndexer {
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly options: { store: DocumentStore; embedder: Embedder | null; limits: DocumentLimits; logger: Logger },
  ) {}

  /** Indexes in the background; the returned promise settles when the document is ready or failed. */
  index(userId: string, documentId: string, file: { name: string; mediaType: string | null; bytes: Uint8Array }): Promise<void> {
    const abort = new AbortController();
    this.running.set(documentId, abort);
    return this.run({ userId, documentId, file, signal: abort.signal }).finally(() => this.running.delete(documentId));
  }

  /** Stops indexing a document (it was deleted). */
  cancel(documentId: string): void {
    this.running.get(documentId)?.abort();
  }

  private async run({ userId, documentId, file, signal }: { userId: string; documentId: string; file: { name: string; mediaType: string | null; bytes: Uint8Array }; signal: AbortSignal }): Promise<void> {
    const { store, embedder, limits, logger } = this.options;
    try {
      const parsed = await parseDocument({ name: file.name, mime: file.mediaType ?? undefined, bytes: file.bytes });
      await store.setProgress(userId, documentId, 0.2);
      const chunks = chunkDocument(parsed);
      if (chunks.length > limits.maxChunksPerDocument) {
        throw new DocumentInputError(`"${file.name}" is too long: ${chunks.length} passages, at most ${limits.maxChunksPerDocument} per file. Split it into smaller files.`, 'document_too_long', 413);
      }
      await store.setProgress(userId, documentId, 0.3);
      const vectors: (number[] | null)[] = chunks.map(() => null);
      if (embedder) {
        for (let i = 0; i < chunks.length; i += EMBED_BATCH) {
          if (signal.aborted) return;
          const batch = chunks.slice(i, i + EMBED_BATCH);
          // The heading says what a passage is about when its own words do not.
          const embedded = await embedder.embed(batch.map((c) => (c.heading ? `${c.heading}\n${c.text}` : c.text)), { signal });
          embedded.forEach((vector, j) => (vectors[i + j] = vector));
          await store.setProgress(userId, documentId, 0.3 + 0.65 * Math.min(1, (i + batch.length) / chunks.length));
        }
      }
      if (signal.aborted) return;
      const rows: NewChunk[] = chunks.map((c, i) => ({ ordinal: c.ordinal, heading: c.heading, page: c.page, text: c.text, tokens: c.tokens, embedding: vectors[i] }));
      const pages = parsed.format === 'pdf' ? Math.max(0, ...parsed.sections.map((s) => s.page ?? 0)) || null : null;
      // The file name is searched too: people ask about "the 2024 policy" by the name they gave it.
      const title = titleWithName(parsed.title, file.name);
      await store.complete(userId, documentId, { title, format: parsed.format, pageCount: pages, chunks: rows, embeddingModel: embedder?.id ?? null });
    } catch (error) {
      if (signal.aborted) return;
      const reason = describeIndexingError(error, file.name);
      if (reason.code === 'indexing_failed') logger.warn({ err: error, documentId }, 'document indexing failed');
      await store.fail(userId, documentId, reason).catch((err: unknown) => logger.error({ err, documentId }, 'could not mark document failed'));
    }
  }
}

function titleWithName(title: string, fileName: string): string {
  const name = fileName.replace(/\.[a-z0-9]+$/i, '').replace(/[-_.]+/g, ' ');
  return title.toLowerCase().includes(name.toLowerCase()) ? title : `${title} · ${name}`;
}

/** What the user reads on a failed file. */
function describeIndexingError(error: unknown, name: string): { message: string; code: string } {
  if (error instanceof DocumentFormatError || error instanceof DocumentInputError) return { message: error.message, code: error.code };
  const detail = error instanceof Error ? error.message : String(error);
  return { message: `Could not index "${name}": ${detail}`, code: 'indexing_failed' };
}
