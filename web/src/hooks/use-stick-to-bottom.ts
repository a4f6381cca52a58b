import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';

const THRESHOLD = 48;

export interface StickToBottom {
  scrollRef: RefObject<HTMLDivElement | null>;
  contentRef: RefObject<HTMLDivElement | null>;
  /** False when the user scrolled up: show "Jump to latest". */
  atBottom: boolean;
  scrollToBottom: (behavior?: ScrollBehavior) => void;
}

/**
 * Keeps a scroll container pinned to the bottom while its content grows (a streaming answer),
 * but only while the user is already at the bottom: scrolling up to read releases it.
 */
export function useStickToBottom(resetKey: unknown): StickToBottom {
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const contentRef = useRef<HTMLDivElement | null>(null);
  const pinned = useRef(true);
  // A smooth scroll passes through positions that are "not at bottom"; do not unpin during it.
  const autoScrollUntil = useRef(0);
  const [atBottom, setAtBottom] = useState(true);

  const scrollToBottom = useCallback((behavior: ScrollBehavior = 'auto') => {
    const el = scrollRef.current;
    pinned.current = true;
    setAtBottom(true);
    if (!el) return;
    if (behavior === 'smooth') autoScrollUntil.current = performance.now() + 800;
    el.scrollTo({ top: el.scrollHeight, behavior });
  }, []);

  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const onScroll = () => {
      const distance = el.scrollHeight - el.scrollTop - el.clientHeight;
      const bottom = distance <= THRESHOLD;
      if (!bottom && performance.now() < autoScrollUntil.current) return;
      if (bottom) autoScrollUntil.current = 0;
      pinned.current = bottom;
      setAtBottom(bottom);
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => el.removeEventListener('scroll', onScroll);
  }, []);

  useEffect(() => {
    const el = scrollRef.current;
    const content = contentRef.current;
    if (!el || !content || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (pinned.current && performance.now() >= autoScrollUntil.current) el.scrollTop = el.scrollHeight;
      else if (!pinned.current) setAtBottom(el.scrollHeight - el.scrollTop - el.clientHeight <= THRESHOLD);
    });
    // Content growing (a streaming answer) and the viewport shrinking (a banner above the composer) both count.
    observer.observe(content);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // A different conversation opens at its latest message.
  useLayoutEffect(() => {
    scrollToBottom('auto');
  }, [resetKey, scrollToBottom]);

  return { scrollRef, contentRef, atBottom, scrollToBottom };
}
