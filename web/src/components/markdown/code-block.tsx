import { memo } from 'react';
import { useHighlightedCode } from '../../hooks/use-highlighted-code';
import { CopyButton } from '../ui/copy-button';

interface CodeBlockProps {
  code: string;
  lang: string | undefined;
}

/** A fenced code block: language label, copy button, lazily highlighted body. */
export const CodeBlock = memo(function CodeBlock({ code, lang }: CodeBlockProps) {
  const html = useHighlightedCode(code, lang);
  return (
    <div className="code-block">
      <div className="code-block-header">
        <span className="code-block-lang">{lang || 'text'}</span>
        <CopyButton text={code} label="Copy code" showText />
      </div>
      {html ? (
        // shiki's output: the code is escaped by shiki, spans carry only theme colors.
        <div className="code-block-body" dangerouslySetInnerHTML={{ __html: html }} />
      ) : (
        <div className="code-block-body">
          <pre className="code-block-plain">
            <code>{code}</code>
          </pre>
        </div>
      )}
    </div>
  );
});
