import { useEffect, useState } from 'react';
import { cachedHighlight, highlight, resolveLanguage } from '../lib/highlighter';

/**
 * Highlighted HTML for a code block, or null while it loads or when the language is unknown.
 * While the code still changes (a block being streamed) highlighting waits for it to settle,
 * so colors do not flicker per token.
 */
export function useHighlightedCode(code: string, lang: string | undefined): string | null {
  const grammar = resolveLanguage(lang);
  const [result, setResult] = useState<{ code: string; html: string } | null>(() => {
    const html = cachedHighlight(code, grammar);
    return html ? { code, html } : null;
  });

  useEffect(() => {
    if (!grammar) return;
    const cached = cachedHighlight(code, grammar);
    if (cached) {
      setResult({ code, html: cached });
      return;
    }
    let cancelled = false;
    const timer = setTimeout(() => {
      highlight(code, grammar).then(
        (html) => {
          if (!cancelled) setResult({ code, html });
        },
        () => undefined, // Plain text is a fine fallback when a grammar cannot load (offline, say).
      );
    }, result ? 250 : 30);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
    // `result` only picks the debounce delay; re-running when it changes would highlight twice.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
  }, [code, grammar]);

  return result && result.code === code ? result.html : null;
}
