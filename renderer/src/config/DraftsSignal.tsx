import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

interface Signal {
  version: number;
  changed: () => void;
}
const DraftsSignalContext = createContext<Signal>({ version: 0, changed: () => undefined });

/** Lets any screen that creates, pushes or discards a draft tell the status bar and drafts lists to refresh. */
export function DraftsSignalProvider({ children }: { children: ReactNode }) {
  const [version, setVersion] = useState(0);
  const changed = useCallback(() => setVersion((v) => v + 1), []);
  const value = useMemo(() => ({ version, changed }), [version, changed]);
  return <DraftsSignalContext.Provider value={value}>{children}</DraftsSignalContext.Provider>;
}

export function useDraftsSignal(): Signal {
  return useContext(DraftsSignalContext);
}
