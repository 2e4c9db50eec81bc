import { createContext, useCallback, useContext, useMemo, useRef, type ReactNode } from 'react';
import { Intent, OverlayToaster, Position } from '@blueprintjs/core';

type Notify = (message: string, intent?: Intent) => void;

const ToastContext = createContext<Notify>(() => undefined);

/** How long a notice stays; what needs action stays on screen elsewhere (tree state, dialogs). */
export const TOAST_TIMEOUT_MS = 5000;

/**
 * Short notices (connected, applied, saved) at the top of the window, where they cover no buttons of
 * the staged-changes bar. The message is the toast's key: the same notice again restarts its timer
 * instead of stacking a copy.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const ref = useRef<OverlayToaster | null>(null);
  const notify = useCallback<Notify>((message, intent = Intent.NONE) => {
    ref.current?.show({ message, intent, timeout: TOAST_TIMEOUT_MS }, `${intent}:${message}`);
  }, []);
  const value = useMemo(() => notify, [notify]);
  return (
    <ToastContext.Provider value={value}>
      <OverlayToaster ref={ref} position={Position.TOP} maxToasts={3} className="app-toaster" />
      {children}
    </ToastContext.Provider>
  );
}

export function useToast(): Notify {
  return useContext(ToastContext);
}
