const PREFIX = 'redline.';

/** Reads a remembered UI preference from localStorage (null when absent, invalid or storage is blocked). */
export function readPreference<T extends string>(key: string, allowed?: readonly T[]): T | null {
  try {
    const value = globalThis.localStorage?.getItem(PREFIX + key) ?? null;
    if (value === null) return null;
    if (allowed && !allowed.includes(value as T)) return null;
    return value as T;
  } catch {
    return null;
  }
}

export function writePreference(key: string, value: string | null): void {
  try {
    if (value === null) globalThis.localStorage?.removeItem(PREFIX + key);
    else globalThis.localStorage?.setItem(PREFIX + key, value);
  } catch {
    // Storage can be disabled (private mode, policies); the preference just is not remembered.
  }
}
