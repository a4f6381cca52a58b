/** A conversation read from an export, before it is written: ids are the export's own. */
export interface ImportedConversation {
  sourceId: string;
  title: string;
  model: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** The message the conversation was showing (its current branch), if known. */
  currentMessageId: string | null;
  /** Parents before children. */
  messages: ImportedMessage[];
}

export interface ImportedMessage {
  sourceId: string;
  parentSourceId: string | null;
  role: 'user' | 'assistant';
  content: string;
  model: string | null;
  createdAt: Date;
}

export type ImportSource = 'chatgpt' | 'redline';

/** What an import did. Conversations imported before (same source id) are skipped, not duplicated. */
export interface ImportResult {
  imported: { sourceId: string; conversationId: string; title: string; messages: number }[];
  skipped: { sourceId: string; title: string; reason: 'already_imported' | 'empty' }[];
  failed: { sourceId: string; title: string; error: string }[];
}

/** The file is not an export Redline can read (HTTP 400). */
export class ImportFormatError extends Error {
  readonly code = 'import_format';
  constructor(message: string) {
    super(message);
    this.name = 'ImportFormatError';
  }
}
