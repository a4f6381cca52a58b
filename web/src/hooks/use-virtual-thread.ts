import { defaultRangeExtractor, useVirtualizer, type Range, type ReactVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { estimateRowHeight } from '../lib/row-height';
import { appStore } from '../state/app-store';
import { useIsWide } from './use-media-query';

/** Within this many pixels of the end counts as "at the latest message". */
const THRESHOLD = 48;
/** Rows rendered beyond each edge of the viewport: enough for a fast wheel flick, few enough to stay cheap. */
const OVERSCAN = 6;
/** A smooth jump passes through positions that are "not at the end"; they do not unpin it for this long. */
const SMOOTH_JUMP_MS = 1500;

export interface VirtualThread {
  scrollRef: RefObject<HTMLDivElement | null>;
  virtualizer: ReactVirtualizer<HTMLDivElement, HTMLDivElement>;
  /** False when the user scrolled up: show "Jump to latest". */
  atBottom: boolean;
  scrollToBottom: (behavior?: 'auto' | 'smooth') => void;
  /** Brings one row to the middle of the view and lets go of the end (a message opened by link). */
  scrollToRow: (index: number) => void;
  /** Keeps the row holding focus rendered (an edit in progress, an open popover) while it scrolls out of view. */
  onFocusChange: (event: { target: EventTarget | null; type: string }) => void;
}

/**
 * The thread as a virtualized list that scrolls like a chat: only the rows near the viewport are in
 * the DOM (measured as they render), it opens at the latest message, stays pinned to the end while an
 * answer grows, and lets go when the user scrolls up to read. The virtualizer is the only writer of
 * the scroll position, so its corrections (rows above measured) and the pinning never fight.
 */
export function useVirtualThread(options: { rowIds: readonly string[]; resetKey: unknown }): VirtualThread {
  const { rowIds, resetKey } = options;
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const pinned = useRef(true);
  const smoothUntil = useRef(0);
  const focusedKey = useRef<string | null>(null);
  const [atBottom, setAtBottom] = useState(true);
  const wide = useIsWide();

  const getItemKey = useCallback((index: number) => rowIds[index], [rowIds]);
  const estimateSize = useCallback(
    (index: number) => {
      const width = Math.min((scrollRef.current?.clientWidth ?? 800) - (wide ? 48 : 28), 768);
      return estimateRowHeight(appStore.getState().thread?.messages[rowIds[index]], width);
    },
    [rowIds, wide],
  );
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      const focused = focusedKey.current ? rowIds.indexOf(focusedKey.current) : -1;
      if (focused < 0 || indexes.includes(focused)) return indexes;
      return [...indexes, focused].sort((a, b) => a - b);
    },
    [rowIds],
  );

  const virtualizer = useVirtualizer<HTMLDivElement, HTMLDivElement>({
    count: rowIds.length,
    getScrollElement: () => scrollRef.current,
    estimateSize,
    getItemKey,
    rangeExtractor,
    overscan: OVERSCAN,
    // The thread's top and bottom padding live in the list, so its size is the scroll height.
    paddingStart: wide ? 12 : 8,
    paddingEnd: wide ? 40 : 28,
    // At the end, rows that grow (a streaming answer) or get measured keep the view at the end.
    anchorTo: 'end',
    scrollEndThreshold: THRESHOLD,
    // Positions and the list's height are written to the DOM directly: a growing answer re-renders nothing else.
    directDomUpdates: true,
    directDomUpdatesMode: 'position',
  });

  const scrollToBottom = useCallback(
    (behavior: 'auto' | 'smooth' = 'auto') => {
      pinned.current = true;
      setAtBottom(true);
      const el = scrollRef.current;
      if (!el) return;
      if (behavior === 'smooth') {
        smoothUntil.current = performance.now() + SMOOTH_JUMP_MS;
        // From far up, land a couple of screens short first: a smooth scroll across a thousand rows would render them all.
        const distance = el.scrollHeight - el.scrollTop - el.clientHeight;
        if (distance > el.clientHeight * 3) virtualizer.scrollToOffset(el.scrollHeight - el.clientHeight * 3);
      }
      virtualizer.scrollToEnd({ behavior });
    },
    [virtualizer],
  );

  const scrollToRow = useCallback(
    (index: number) => {
      pinned.current = false;
      setAtBottom(false);
      virtualizer.scrollToIndex(index, { align: 'center' });
      // Rows above get measured as they render and move the target: aim again once they have.
      requestAnimationFrame(() => requestAnimationFrame(() => virtualizer.scrollToIndex(index, { align: 'center' })));
    },
    [virtualizer],
  );

  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const onScroll = () => {
      const bottom = el.scrollHeight - el.scrollTop - el.clientHeight <= THRESHOLD;
      if (!bottom && performance.now() < smoothUntil.current) return;
      if (bottom) smoothUntil.current = 0;
      pinned.current = bottom;
      setAtBottom(bottom);
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => el.removeEventListener('scroll', onScroll);
  }, []);

  // The viewport shrinking (a banner above the composer, the composer growing) keeps a pinned view at the end.
  useEffect(() => {
    const el = scrollRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    let height = el.clientHeight;
    const observer = new ResizeObserver(() => {
      if (el.clientHeight === height) return;
      height = el.clientHeight;
      if (pinned.current) virtualizer.scrollToEnd();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [virtualizer]);

  // A different conversation opens at its latest message, and so does the first load of one.
  const hasRows = rowIds.length > 0;
  useLayoutEffect(() => {
    scrollToBottom('auto');
  }, [resetKey, hasRows, scrollToBottom]);

  const onFocusChange = useCallback((event: { target: EventTarget | null; type: string }) => {
    const row = event.target instanceof Element ? event.target.closest<HTMLElement>('[data-row-key]') : null;
    focusedKey.current = event.type === 'focus' || event.type === 'focusin' ? (row?.dataset.rowKey ?? null) : null;
  }, []);

  return { scrollRef, virtualizer, atBottom, scrollToBottom, scrollToRow, onFocusChange };
}
