import type { MessageMetadata, Source, Verification } from '../api/types';

/** One file (by name) an answer drew on, once however many of its passages were cited. */
export interface SourceDocument {
  documentId: string;
  name: string;
  /** The first source of this file: what its chip opens. */
  n: number;
  count: number;
}

/** What a grounded answer shows beyond its text. */
export interface GroundingView {
  sources: Source[];
  /** The `n` of every source, for `rehypeCitations`. */
  citations: number[];
  /** The sentences the sources do not support, for `rehypeVerification`. */
  unsupported: string[];
  documents: SourceDocument[];
  /** "All 4 sentences supported by the sources", "1 of 4 sentences not supported by the sources"; null before the check. */
  summary: string | null;
  /** Some sentence is unsupported. */
  flagged: boolean;
  checked: boolean;
  /** Redline said the files do not hold the answer. */
  abstained: boolean;
}

const EMPTY: GroundingView = { sources: [], citations: [], unsupported: [], documents: [], summary: null, flagged: false, checked: false, abstained: false };

/**
 * Reads the grounding of an answer from its metadata (free-form JSON: read defensively).
 * Returns the same empty view for an answer without sources or verification.
 */
export function groundingOf(metadata: MessageMetadata | null): GroundingView {
  const sources = Array.isArray(metadata?.sources) ? metadata.sources.filter(isSource) : [];
  const verification = isVerification(metadata?.verification) ? metadata.verification : null;
  const abstained = metadata?.grounding?.abstained === true;
  if (sources.length === 0 && !verification && !abstained) return EMPTY;

  const documents: SourceDocument[] = [];
  const byId = new Map<string, SourceDocument>();
  for (const source of [...sources].sort((a, b) => a.n - b.n)) {
    // Named once: the same file in the project and attached to the chat reads as one source to the user.
    const key = source.name;
    const known = byId.get(key);
    if (known) known.count += 1;
    else {
      const doc = { documentId: source.documentId, name: source.name, n: source.n, count: 1 };
      byId.set(key, doc);
      documents.push(doc);
    }
  }
  const sentences = verification?.sentences ?? [];
  const unsupported = sentences.filter((s) => !s.supported).map((s) => s.text);
  return {
    sources,
    citations: sources.map((s) => s.n),
    unsupported,
    documents,
    summary: verification ? verificationSummary(sentences.length, unsupported.length) : null,
    flagged: unsupported.length > 0,
    checked: verification !== null,
    abstained,
  };
}

/** The one-line verdict under a checked answer. */
export function verificationSummary(total: number, unsupported: number): string | null {
  if (total === 0) return null;
  if (unsupported === 0) return total === 1 ? 'Supported by the sources' : `All ${total} sentences supported by the sources`;
  if (total === 1) return 'Not supported by the sources';
  return `${unsupported} of ${total} sentences not supported by the sources`;
}

/** "p. 3", or null without a page. */
export function pageLabel(page: number | null | undefined): string | null {
  return typeof page === 'number' && Number.isFinite(page) ? `p. ${page}` : null;
}

/** The parts of a heading path, however the server joined them ("A > B", "A › B"). */
export function headingPath(heading: string | null | undefined): string[] {
  return (heading ?? '').split(/\s+[›>]\s+|\s*›\s*/).map((part) => part.trim()).filter(Boolean);
}

/** Where a passage sits: its heading path and page ("Refunds › Exceptions · p. 3"). */
export function sourcePlace(source: Source): string {
  const path = headingPath(source.heading).join(' › ');
  return [path || null, pageLabel(source.page)].filter(Boolean).join(' · ');
}

function isSource(value: unknown): value is Source {
  const s = value as Partial<Source> | null;
  return !!s && typeof s === 'object' && typeof s.n === 'number' && typeof s.name === 'string' && typeof s.text === 'string';
}

function isVerification(value: unknown): value is Verification {
  const v = value as Partial<Verification> | null;
  return !!v && typeof v === 'object' && Array.isArray(v.sentences) && v.sentences.every((s) => s && typeof s.text === 'string' && typeof s.supported === 'boolean');
}
