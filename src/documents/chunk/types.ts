/** A piece of a document sized for embedding and retrieval. */
export type Chunk = {
  /** Position in the document, from 0, across all sections. */
  ordinal: number;
  /** Never empty. Does not repeat the heading: that is in `heading`. */
  text: string;
  /** The heading path of the section it came from, e.g. `"Install > Linux"`. */
  heading: string | null;
  /** 1-based PDF page; null for formats without pages. */
  page: number | null;
  /** Tokens of `text` (cl100k, the prompt budget's tokenizer). */
  tokens: number;
};

export type ChunkOptions = {
  /** Paragraphs are packed up to this size. Default 350. */
  targetTokens?: number;
  /** Hard ceiling: no chunk is larger. A paragraph or code block that fits stays whole. Default 500. */
  maxTokens?: number;
  /** Sentences (or lines of code) repeated from the end of the previous chunk of the same section. Default 50. */
  overlapTokens?: number;
};
