import { formatBytes } from '../lib/format';
import type { FileItem } from './app-state';

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** A file's kind in a few letters for its icon: "PDF", "DOCX", "MD"; from the format, else the extension. */
export function fileBadge(item: Pick<FileItem, 'name' | 'format'>): string {
  const ext = /\.([a-z0-9]{1,5})$/i.exec(item.name)?.[1];
  if (item.format === 'markdown') return 'MD';
  if (item.format === 'pdf' || item.format === 'docx' || item.format === 'html') return item.format.toUpperCase();
  return (ext ?? item.format ?? 'FILE').toUpperCase().slice(0, 4);
}

/** Indexing progress as a whole percentage, 0..100. */
export function progressPercent(item: Pick<FileItem, 'progress'>): number {
  const value = Number.isFinite(item.progress) ? item.progress : 0;
  return Math.round(Math.min(1, Math.max(0, value)) * 100);
}

/**
 * The line under a file's name: what is happening to it, or what it holds.
 *
 * @example
 * fileDetail(readyPdf) // "12 passages · 3 pages · 240 KB"
 */
export function fileDetail(item: FileItem): string {
  switch (item.status) {
    case 'uploading':
      return `Uploading… · ${formatBytes(item.sizeBytes)}`;
    case 'indexing':
      return `Indexing… ${progressPercent(item)}%`;
    case 'ready':
      return [plural(item.chunkCount, 'passage'), item.pageCount ? plural(item.pageCount, 'page') : null, formatBytes(item.sizeBytes)].filter(Boolean).join(' · ');
    case 'failed':
      return item.error?.message || 'This file could not be read.';
  }
}

/** True while a file is not usable yet: an answer sent now would not see it. */
export const isPending = (item: FileItem): boolean => item.status === 'uploading' || item.status === 'indexing';

/** The files that can be dropped or picked, for the hint under the upload area. */
export const SUPPORTED_FILES = 'PDF, Word (.docx), Markdown, HTML, text and code files';
