/**
 * A read repeated every few seconds while its view is shown (a hidden tab reads nothing), and at
 * once on refresh() or when `key` changes. Only the newest read's answer is kept, so a slow
 * answer never overwrites a newer one. The next read is scheduled after the previous one ended.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import i18next from '../i18n';
import { plainFailure, type PlainFailure } from '../util/failure';

export interface PolledRead<T> {
  value: T | null;
  /** The plain sentence with the host's own text for the details view. */
  error: PlainFailure | null;
  refresh: () => void;
}

/** `read` may change on every render; `key` says when its inputs changed (e.g. server and search). */
export function usePolledRead<T>(read: () => Promise<T>, key: string, active: boolean, everyMs: number): PolledRead<T> {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<PlainFailure | null>(null);
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  const readRef = useRef(read);
  readRef.current = read;
  const refresh = useCallback(() => setTick((n) => n + 1), []);

  useEffect(() => {
    if (!active) return;
    const ask = ++latest.current;
    let timer: ReturnType<typeof setTimeout> | null = null;
    void (async () => {
      try {
        const v = await readRef.current();
        if (ask !== latest.current) return;
        setValue(v);
        setError(null);
      } catch (e) {
        if (ask === latest.current) setError(plainFailure(i18next.t.bind(i18next), e, 'read'));
      }
      if (ask === latest.current) timer = setTimeout(() => setTick((n) => n + 1), everyMs);
    })();
    return () => {
      latest.current += 1;
      if (timer !== null) clearTimeout(timer);
    };
  }, [key, active, tick, everyMs]);

  return { value, error, refresh };
}
