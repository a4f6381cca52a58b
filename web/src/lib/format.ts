/** Formats a byte count: 1.2 GB, 350 MB, 12 KB. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes <= 0) return '0 B';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = value >= 100 || unit === 0 ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

/** A short local date: "Mar 4, 2025, 14:05". */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Initials for an avatar: "Ada Lovelace" → "AL", "ada@x.io" → "A". */
export function initials(name: string): string {
  const words = name.replace(/@.*/, '').split(/[\s._-]+/).filter(Boolean);
  const letters = words.length > 1 ? words[0][0] + words[words.length - 1][0] : (words[0] ?? '?').slice(0, 1);
  return letters.toUpperCase();
}

let counter = 0;
/** An id for optimistic rows, never sent to the server. */
export function localId(prefix: string): string {
  counter += 1;
  return `local-${prefix}-${Date.now().toString(36)}-${counter}`;
}

export const isLocalId = (id: string): boolean => id.startsWith('local-');
