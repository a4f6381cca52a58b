import type { DocumentStatus } from '../db/index.js';

/** A user's group of conversations and files, as the app API shows it. */
export interface Project {
  id: string;
  name: string;
  instructions: string | null;
  /** Answer only from the files: say so when they hold no support. */
  strict: boolean;
  documentCount: number;
  conversationCount: number;
  createdAt: Date;
  updatedAt: Date;
}

/** An uploaded file and how far its indexing got. */
export interface DocumentInfo {
  id: string;
  projectId: string | null;
  conversationId: string | null;
  name: string;
  format: string | null;
  sizeBytes: number;
  status: DocumentStatus;
  /** 0..1 while indexing. */
  progress: number;
  error: { message: string; code: string } | null;
  chunkCount: number;
  pageCount: number | null;
  createdAt: Date;
}

/** Where a turn's passages come from: a project's files and the files attached to the conversation. */
export interface DocumentScope {
  projectId: string | null;
  conversationId: string | null;
  /** Every file of the user (the search tool in a chat with no files of its own). */
  all?: boolean;
}

/** A retrieved passage with its place in the document. */
export interface Passage {
  chunkId: string;
  documentId: string;
  name: string;
  heading: string | null;
  page: number | null;
  text: string;
  /** Fused rank score (higher is better); comparable only within one search. */
  score: number;
  /** Share of the question's weighted terms the passage contains (0..1): the strict-mode gate. */
  support: number;
}

/** A passage as an answer cites it: `[n]` in the text is `sources[n - 1]`. */
export interface Source {
  n: number;
  documentId: string;
  chunkId: string;
  name: string;
  heading: string | null;
  page: number | null;
  text: string;
}

/** Bounds on what users may upload. */
export interface DocumentLimits {
  maxFileBytes: number;
  /** Files per project, and per conversation. */
  maxDocumentsPerScope: number;
  /** Passages per file: a bigger file is refused rather than half indexed. */
  maxChunksPerDocument: number;
}

export const DEFAULT_DOCUMENT_LIMITS: DocumentLimits = { maxFileBytes: 20 * 1024 * 1024, maxDocumentsPerScope: 200, maxChunksPerDocument: 5000 };

/** A refused upload or document request, with the HTTP status it maps to. */
export class DocumentInputError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: 400 | 404 | 409 | 413 | 415,
  ) {
    super(message);
    this.name = 'DocumentInputError';
  }
}
