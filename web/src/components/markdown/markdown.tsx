import { memo, useMemo, type ComponentPropsWithoutRef } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import { CodeBlock } from './code-block';
import { closeOpenFence, splitBlocks } from './markdown-blocks';
import { rehypePlugins, remarkPlugins } from './markdown-options';

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
  table({ node: _node, ...props }: ComponentPropsWithoutRef<'table'> & { node?: unknown }) {
    return (
      <div className="table-wrap">
        <table {...props} />
      </div>
    );
  },
};

const MarkdownBlock = memo(function MarkdownBlock({ source }: { source: string }) {
  return (
    <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins} components={components}>
      {source}
    </ReactMarkdown>
  );
});

interface MarkdownProps {
  text: string;
  /** True while the text still grows: open code fences are closed so the layout does not jump. */
  streaming?: boolean;
}

/**
 * Renders untrusted Markdown safely. Split into blocks, each memoised, so a streaming message
 * re-parses only its last block per frame.
 */
export const Markdown = memo(function Markdown({ text, streaming = false }: MarkdownProps) {
  const blocks = useMemo(() => splitBlocks(streaming ? closeOpenFence(text) : text), [text, streaming]);
  return (
    <div className={streaming ? 'markdown is-streaming' : 'markdown'}>
      {blocks.map((block, index) => (
        <MarkdownBlock key={index} source={block} />
      ))}
    </div>
  );
});
