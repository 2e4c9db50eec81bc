/**
 * How other screens open a server's Debug trace with a filter already filled in:
 * `useOpenTrace()?.(serverId, { gateway: 'carrier-a' })` opens (or focuses) the tab and opens the
 * new-trace form with those fields. The tab reads the latest request with `useTraceRequest`.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { TracePrefill } from './filterForm';

export type OpenTrace = (serverId: string, prefill?: TracePrefill) => void;

export interface TraceRequest {
  prefill: TracePrefill;
  /** Grows with each request, so asking twice for the same filter still opens the form again. */
  seq: number;
}

interface LauncherValue {
  openTrace: OpenTrace;
  requests: Readonly<Record<string, TraceRequest>>;
  consume: (serverId: string) => void;
}

const Ctx = createContext<LauncherValue | null>(null);

export function TraceLauncherProvider({ openTab, children }: { openTab: (serverId: string) => void; children: ReactNode }) {
  const [requests, setRequests] = useState<Record<string, TraceRequest>>({});
  const openTrace = useCallback<OpenTrace>(
    (serverId, prefill) => {
      if (prefill) setRequests((r) => ({ ...r, [serverId]: { prefill, seq: (r[serverId]?.seq ?? 0) + 1 } }));
      openTab(serverId);
    },
    [openTab],
  );
  const consume = useCallback((serverId: string) => setRequests((r) => {
    if (!(serverId in r)) return r;
    const next = { ...r };
    delete next[serverId];
    return next;
  }), []);
  const value = useMemo(() => ({ openTrace, requests, consume }), [openTrace, requests, consume]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

/** Null outside the workspace (a page rendered on its own in a test): callers then offer no trace action. */
export function useOpenTrace(): OpenTrace | null {
  return useContext(Ctx)?.openTrace ?? null;
}

/** The pending prefill for this server's trace tab, and how to mark it handled (so it opens the form once). */
export function useTraceRequest(serverId: string): { request: TraceRequest | undefined; consume: () => void } {
  const ctx = useContext(Ctx);
  const consume = ctx?.consume;
  return { request: ctx?.requests[serverId], consume: useCallback(() => consume?.(serverId), [consume, serverId]) };
}
