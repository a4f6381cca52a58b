import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client';
import { ApiError, errorMessage } from '../api/errors';
import type { ApiKey, CreatedApiKey, User } from '../api/types';
import { reportError } from './report-error';

interface Resource<T> {
  items: T[];
  status: 'loading' | 'ready' | 'error';
  error: string | null;
}

/** Runs an action for a settings form; resolves an error message, or null on success. A 401 signs out. */
async function attempt<T>(action: () => Promise<T>): Promise<{ value: T; error: null } | { value: null; error: string }> {
  try {
    return { value: await action(), error: null };
  } catch (error) {
    if (error instanceof ApiError && error.unauthorized) reportError(error);
    return { value: null, error: errorMessage(error) };
  }
}

function useResource<T>(load: () => Promise<T[]>): [Resource<T>, (update: (items: T[]) => T[]) => void, () => void] {
  const [state, setState] = useState<Resource<T>>({ items: [], status: 'loading', error: null });
  const reload = useCallback(() => {
    let cancelled = false;
    setState((s) => ({ ...s, status: s.status === 'ready' ? 'ready' : 'loading' }));
    void attempt(load).then((result) => {
      if (cancelled) return;
      setState(result.error === null ? { items: result.value, status: 'ready', error: null } : { items: [], status: 'error', error: result.error });
    });
    return () => {
      cancelled = true;
    };
  }, [load]);
  useEffect(() => reload(), [reload]);
  const update = useCallback((fn: (items: T[]) => T[]) => setState((s) => ({ ...s, items: fn(s.items) })), []);
  return [state, update, reload];
}

const loadKeys = () => api.listKeys().then((r) => r.keys);
const loadUsers = () => api.listUsers().then((r) => r.users);

export function useApiKeys() {
  const [keys, update] = useResource<ApiKey>(loadKeys);
  const create = useCallback(
    async (name: string): Promise<{ created: CreatedApiKey | null; error: string | null }> => {
      const result = await attempt(() => api.createKey(name.trim() ? { name: name.trim() } : {}));
      if (result.error !== null) return { created: null, error: result.error };
      update((items) => [{ ...result.value.key, lastUsedAt: null }, ...items]);
      return { created: result.value, error: null };
    },
    [update],
  );
  const remove = useCallback(
    async (id: string): Promise<string | null> => {
      const result = await attempt(() => api.deleteKey(id));
      if (result.error === null) update((items) => items.filter((k) => k.id !== id));
      return result.error;
    },
    [update],
  );
  return { keys, create, remove };
}

export function useUsers() {
  const [users, update] = useResource<User>(loadUsers);
  const create = useCallback(
    async (body: { email: string; name?: string; password: string }): Promise<string | null> => {
      const result = await attempt(() => api.createUser(body));
      if (result.error === null) update((items) => [...items, result.value.user]);
      return result.error;
    },
    [update],
  );
  const remove = useCallback(
    async (id: string): Promise<string | null> => {
      const result = await attempt(() => api.deleteUser(id));
      if (result.error === null) update((items) => items.filter((u) => u.id !== id));
      return result.error;
    },
    [update],
  );
  return { users, create, remove };
}

export async function changePassword(body: { currentPassword?: string; newPassword: string }): Promise<string | null> {
  const result = await attempt(() => api.changePassword(body));
  return result.error;
}
