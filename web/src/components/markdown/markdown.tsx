import { memo, useMemo, type ComponentPropsWithoutRef } from 'react';
import ReactMarkdown, { type Components, type Options } from 'react-markdown';
import { CitationRef } from './citation-context';
import { CodeBlock } from './code-block';
import { closeOpenFence, splitBlocks } from './markdown-blocks';
import { rehypePlugins, remarkPlugins } from './markdown-options';
import { rehypeCitations } from './rehype-citations';
import { rehypeVerification } from './rehype-verification';

interface HastNode {
  type: string;
  tagName?: string;
  value?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
}

function textOf(node: HastNode): string {
  if (node.type === 'text') return node.value ?? '';
  return (node.children ?? []).map(textOf).join('');
}

function languageOf(node: HastNode | undefined): string | undefined {
  const classes = node?.properties?.className;
  const list = Array.isArray(classes) ? classes : typeof classes === 'string' ? classes.split(' ') : [];
  const match = list.map(String).find((c) => c.startsWith('language-'));
  return match?.slice('language-'.length);
}

const components: Components = {
  pre({ node }) {
    const code = (node as HastNode | undefined)?.children?.find((child) => child.tagName === 'code');
    if (!code) return <pre>{node ? textOf(node as HastNode) : null}</pre>;
    return <CodeBlock code={textOf(code).replace(/\n$/, '')} lang={languageOf(code)} />;
  },
  a({ node: _node, ...props }: ComponentPropsWithoutRef<'a'> & { node?: unknown }) {
    return <a {...props} target="_blank" rel="noopener noreferrer nofollow" />;
  },
  sup({ node, ...props }: ComponentPropsWithoutRef<'sup'> & { node?: unknown }) {
    const n = (node as HastNode | undefined)?.properties?.dataCitation;
    if (n !== undefined) return <CitationRef n={Number(n)} />;
    return <sup {...props} />;
  },
  table({ node: _node, ...props }: ComponentPropsWithoutRef<'table'> & { node?: unknown }) {
    return (
      <div className="table-wrap">
        <table {...props} />
      </div>
    );
  },
};

type RehypePlugins = NonNullable<Options['rehypePlugins']>;

const MarkdownBlock = memo(function MarkdownBlock({ source, plugins }: { source: string; plugins: RehypePlugins }) {
  return (
    <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={plugins} components={components}>
      {source}
    </ReactMarkdown>
  );
});

/** What a grounded answer adds to its rendering: which `[n]` are citations, which sentences to mark. */
export interface MarkdownGrounding {
  /** The `n` of the answer's sources. */
  citations: readonly number[];
  /** The sentences the sources do not support (the server's plain text). */
  unsupported: readonly string[];
}

/**
 * The rehype plugins for an answer: sanitizing first, then the unsupported sentences marked (while
 * citation markers are still text), then the markers turned into citations.
 */
export function answerRehypePlugins(grounding: MarkdownGrounding | undefined): RehypePlugins {
  if (!grounding || (grounding.citations.length === 0 && grounding.unsupported.length === 0)) return rehypePlugins;
  return [
    ...rehypePlugins,
    [rehypeVerification, { sentences: grounding.unsupported }],
    [rehypeCitations, { numbers: grounding.citations }],
  ];
}

interface MarkdownProps {
  text: string;
  /** True while the text still grows: open code fences are closed so the layout does not jump. */
  streaming?: boolean;
  /** Citations and verification of a grounded answer; keep it referentially stable (memoise it). */
  grounding?: MarkdownGrounding;
}

/**
 * Renders untrusted Markdown safely. Split into blocks, each memoised, so a streaming message
 * re-parses only its last block per frame.
 */
export const Markdown = memo(function Markdown({ text, streaming = false, grounding }: MarkdownProps) {
  const blocks = useMemo(() => splitBlocks(streaming ? closeOpenFence(text) : text), [text, streaming]);
  const plugins = useMemo(() => answerRehypePlugins(grounding), [grounding]);
  return (
    <div className={streaming ? 'markdown is-streaming' : 'markdown'}>
      {blocks.map((block, index) => (
        <MarkdownBlock key={index} source={block} plugins={plugins} />
      ))}
    </div>
  );
});
