import { describe, expect, it } from 'vitest';
import type { FileItem } from './app-state';
import { fileBadge, fileDetail, progressPercent } from './file-view';

const item = (over: Partial<FileItem>): FileItem => ({
  id: 'd1',
  projectId: 'p1',
  conversationId: null,
  name: 'policy.pdf',
  format: 'pdf',
  sizeBytes: 240_000,
  status: 'ready',
  progress: 1,
  error: null,
  chunkCount: 12,
  pageCount: 3,
  createdAt: '2025-01-01T00:00:00.000Z',
  local: false,
  ...over,
});

describe('file labels', () => {
  it('says what a file holds once ready, and how far it is otherwise', () => {
    expect(fileDetail(item({}))).toBe('12 passages · 3 pages · 240 KB');
    expect(fileDetail(item({ chunkCount: 1, pageCount: null, sizeBytes: 900 }))).toBe('1 passage · 900 B');
    expect(fileDetail(item({ status: 'indexing', progress: 0.416 }))).toBe('Indexing… 42%');
    expect(fileDetail(item({ status: 'uploading', local: true }))).toBe('Uploading… · 240 KB');
    expect(fileDetail(item({ status: 'failed', error: { message: 'The file is larger than 20 MB.', code: 'file_too_large' } }))).toBe('The file is larger than 20 MB.');
  });

  it('badges a file by its format or extension, and clamps progress', () => {
    expect(fileBadge({ name: 'notes.md', format: 'markdown' })).toBe('MD');
    expect(fileBadge({ name: 'Report.DOCX', format: null })).toBe('DOCX');
    expect(fileBadge({ name: 'Makefile', format: 'code' })).toBe('CODE');
    expect(progressPercent({ progress: 1.4 })).toBe(100);
    expect(progressPercent({ progress: Number.NaN })).toBe(0);
  });
});
