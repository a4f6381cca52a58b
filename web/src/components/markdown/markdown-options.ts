import type { Options } from 'react-markdown';
import rehypeSanitize from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';

interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
}

/**
 * Turns raw HTML in Markdown into literal text, so "use <div> here" or a pasted
 * `<script>` shows as written instead of vanishing. Nothing is ever parsed as HTML.
 */
export function remarkHtmlAsText() {
  const visit = (node: MdNode): void => {
    if (node.type === 'html') node.type = 'text';
    node.children?.forEach(visit);
  };
  return (tree: MdNode) => visit(tree);
}

/**
 * The one Markdown pipeline for model text: GFM, raw HTML kept as text, then sanitizing of the
 * HTML tree. There is deliberately no `rehype-raw`: no HTML from a model or a user is executed,
 * and `rehype-sanitize` drops anything unsafe Markdown itself can produce (`javascript:` links,
 * event attributes, unknown elements).
 */
export const remarkPlugins: NonNullable<Options['remarkPlugins']> = [remarkGfm, remarkHtmlAsText];
export const rehypePlugins: NonNullable<Options['rehypePlugins']> = [rehypeSanitize];
