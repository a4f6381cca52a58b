import type { LanguageModelV3 } from '@ai-sdk/provider';
import type { Logger } from 'pino';
import type { Db } from '../db/index.js';
import type { Embedder } from '../memory/index.js';
import { DocumentIndexer } from './document-indexer.js';
import { DocumentStore } from './document-store.js';
import { ABSTENTION, renderSources, toSources } from './grounding/sources-prompt.js';
import { verifyAnswer, verifyLexically, type Verification } from './grounding/verify.js';
import { detectFormat, DocumentFormatError } from './parse/index.js';
import { PassageSearch } from './passage-search.js';
import { ProjectStore } from './project-store.js';
import { DocumentInputError, type DocumentInfo, type DocumentLimits, type DocumentScope, type Passage, type Source } from './types.js';

/** How answers are grounded in files. */
export interface GroundingSettings {
  /** Passages put in the prompt per turn. */
  passages: number;
  /** Strict mode answers only when some passage covers at least this share of the question (see `rankLexical`). */
  minSupport: number;
  /** After a grounded answer: the answering model as a judge, the lexical check only, or nothing. */
  verify: 'judge' | 'lexical' | 'off';
  judgeTimeoutMs: number;
}

export const DEFAULT_GROUNDING: GroundingSettings = { passages: 6, minSupport: 0.3, verify: 'judge', judgeTimeoutMs: 10_000 };

/** A turn's grounding: the passages it may cite, and what strict mode decided. */
export interface TurnGrounding {
  sources: Source[];
  strict: boolean;
  /** Strict mode found no support: Redline says so instead of calling the model. */
  abstain: boolean;
  abstention: string;
  /** The system prompt's sources section (and the project's instructions). */
  section: string;
  /** Checks an answer against the sources (judge or lexical, per settings). */
  verify(answer: string, options: { judge: LanguageModelV3 | null; signal?: AbortSignal }): Promise<Verification | null>;
}

/**
 * Projects, files and grounding: uploads are checked and indexed in the background, and each turn in a
 * conversation with files gets the passages that answer it, to cite.
 */
export class DocumentsService {
  readonly projects: ProjectStore;
  readonly store: DocumentStore;
  readonly indexer: DocumentIndexer;
  readonly search: PassageSearch;

  constructor(
    private readonly options: {
      db: Db;
      hasVector: boolean;
      embedder: Embedder | null;
      limits: DocumentLimits;
      grounding: GroundingSettings;
      logger: Logger;
      /** After a project is deleted (its conversations leave it). */
      projectRemoved?: (projectId: string) => void;
      /** This process is the store's one writer: what it wrote may be remembered (see DocumentStore). */
      singleWriter?: boolean;
    },
  ) {
    this.projects = new ProjectStore(options.db, { removed: options.projectRemoved });
    this.store = new DocumentStore(options.db, { singleWriter: options.singleWriter });
    this.indexer = new DocumentIndexer({ store: this.store, embedder: options.embedder, limits: options.limits, logger: options.logger });
    this.search = new PassageSearch({ db: options.db, store: this.store, embedder: options.embedder, hasVector: options.hasVector });
  }

  get limits(): DocumentLimits {
    return this.options.limits;
  }

  /**
   * Accepts a file into a project or a conversation: size, count and format are checked before
   * anything is written; indexing then runs in the background (poll the document for progress).
   */
  async upload(userId: string, where: { projectId: string } | { conversationId: string }, file: { name: string; mediaType: string | null; bytes: Uint8Array }): Promise<{ document: DocumentInfo; indexed: Promise<void> }> {
    const { limits } = this.options;
    const name = file.name.trim().slice(0, 255) || 'file';
    if (file.bytes.byteLength > limits.maxFileBytes) {
      throw new DocumentInputError(`"${name}" is ${mb(file.bytes.byteLength)}; files can be at most ${mb(limits.maxFileBytes)}.`, 'file_too_large', 413);
    }
    if (file.bytes.byteLength === 0) throw new DocumentInputError(`"${name}" is empty.`, 'empty_file', 400);
    try {
      detectFormat({ name, mime: file.mediaType ?? undefined, bytes: file.bytes });
    } catch (error) {
      if (error instanceof DocumentFormatError) throw new DocumentInputError(error.message, 'unsupported_format', 415);
      throw error;
    }
    if ((await this.store.count(userId, where)) >= limits.maxDocumentsPerScope) {
      throw new DocumentInputError(`This ${'projectId' in where ? 'project' : 'conversation'} already has ${limits.maxDocumentsPerScope} files, the most it can hold. Delete some first.`, 'too_many_documents', 409);
    }
    const scope: DocumentScope = 'projectId' in where ? { projectId: where.projectId, conversationId: null } : { projectId: null, conversationId: where.conversationId };
    const document = await this.store.create(userId, { scope, name, mediaType: file.mediaType, sizeBytes: file.bytes.byteLength });
    return { document, indexed: this.indexer.index(userId, document.id, { ...file, name }) };
  }

  async remove(userId: string, documentId: string): Promise<boolean> {
    this.indexer.cancel(documentId);
    return this.store.remove(userId, documentId);
  }

  /** Passages of a scope for a question (the search tool, the evaluation). */
  find(userId: string, scope: DocumentScope, query: { question: string; k?: number; signal?: AbortSignal }): Promise<Passage[]> {
    return this.search.search(userId, scope, { k: this.options.grounding.passages, ...query });
  }

  /**
   * The grounding of one turn, or null when the conversation has no files (most turns: one cheap
   * query). `question` is the user's message, with the one before it when it is a short follow-up.
   */
  async ground(userId: string, conversation: { id: string; projectId: string | null }, query: { question: string; signal?: AbortSignal }): Promise<TurnGrounding | null> {
    const { question, signal } = query;
    const scope: DocumentScope = { projectId: conversation.projectId, conversationId: conversation.id };
    const [project, has] = await Promise.all([conversation.projectId ? this.projects.find(userId, conversation.projectId) : null, this.store.hasPassages(userId, scope)]);
    const instructions = project?.instructions?.trim() ? `## Project instructions (${project.name})\n${project.instructions.trim()}` : '';
    if (!has) return instructions ? this.ungrounded(instructions) : null;
    const { grounding } = this.options;
    const strict = project?.strict ?? false;
    const passages = await this.search.search(userId, scope, { question, k: grounding.passages, signal });
    const supported = passages.some((p) => p.support >= grounding.minSupport);
    const abstain = strict && !supported;
    // Strict mode also leaves out passages that barely touch the question, so the model is not handed
    // unrelated text to answer from; half the gate keeps every gold passage on the evaluation set.
    const sources = abstain ? [] : toSources(strict ? passages.filter((p) => p.support >= grounding.minSupport / 2) : passages);
    const section = [instructions, sources.length ? renderSources(sources, { strict }) : ''].filter(Boolean).join('\n\n');
    return {
      sources,
      strict,
      abstain,
      abstention: ABSTENTION,
      section,
      verify: async (answer, { judge, signal: verifySignal }) => {
        if (grounding.verify === 'off' || sources.length === 0 || !answer.trim()) return null;
        if (grounding.verify === 'lexical') return verifyLexically(answer, sources);
        return verifyAnswer(answer, sources, { judge, timeoutMs: grounding.judgeTimeoutMs, signal: verifySignal });
      },
    };
  }

  /** A project with instructions but no files yet: the instructions, nothing to cite. */
  private ungrounded(section: string): TurnGrounding {
    return { sources: [], strict: false, abstain: false, abstention: ABSTENTION, section, verify: async () => null };
  }
}

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
