import { api } from '../api/client';
import type { ImportResult } from '../api/types';
import { downloadName, parseUpload } from '../state/memory-view';
import { attempt } from './attempt';
import { loadConversations } from './conversation-actions';

/** Saves a JSON download from the API as a file; resolves an error message, or null. */
export async function downloadExport(path: '/api/export' | '/api/memories/export', prefix: string): Promise<string | null> {
  const result = await attempt(() => api.download(path));
  if (result.error !== null) return result.error;
  const url = URL.createObjectURL(result.value.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = result.value.filename ?? downloadName(prefix, new Date());
  document.body.append(link);
  link.click();
  link.remove();
  // The click has started the download; the URL can go once the browser has read it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return null;
}

/** Reads an uploaded export and imports it; the sidebar's list is reloaded to show what came in. */
export async function importFile(file: File): Promise<{ result: ImportResult; error: null } | { result: null; error: string }> {
  const parsed = parseUpload(file.name, await file.text());
  if (parsed.error !== null) return { result: null, error: parsed.error };
  const outcome = await attempt(() => api.importConversations(parsed.json));
  if (outcome.error !== null) return { result: null, error: `Import failed: ${outcome.error}` };
  void loadConversations();
  return { result: outcome.value, error: null };
}
