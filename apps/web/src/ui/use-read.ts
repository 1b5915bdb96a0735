import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/client.js';
import { useSession } from '../session.js';

export interface Read<T> {
  value: T | undefined;
  /** True while the value is the last one remembered, for want of a network. */
  stale: boolean;
  error: string | null;
  /** True while a read is in flight (the value shown may be an older one's). */
  loading: boolean;
  reload: () => Promise<void>;
  /** Replaces the value shown, as an optimistic update does. */
  set: (update: (value: T) => T) => void;
}

/** A read through the session's offline cache, named by `name` (which also says when to read again). */
export function useRead<T>(name: string, fetcher: () => Promise<T>): Read<T> {
  const { cache } = useSession();
  const [value, setValue] = useState<T | undefined>(undefined);
  const [stale, setStale] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  const reload = useCallback(async () => {
    setLoading(true);
    try {
      const read = await cache.read(name, fetcher);
      setValue(read.value);
      setStale(read.stale);
      setError(null);
    } catch (caught) {
      setError(caught instanceof ApiError || caught instanceof Error ? caught.message : String(caught));
    } finally {
      setLoading(false);
    }
    // The name stands for the fetcher: it names everything the fetcher reads, so it alone says when to read again.
  }, [cache, name]);

  useEffect(() => void reload(), [reload]);
  return {
    value,
    stale,
    error,
    loading,
    reload,
    set: (update) => setValue((current) => (current === undefined ? current : update(current))),
  };
}
