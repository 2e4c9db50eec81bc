import { createContext, useCallback, useContext, useMemo, useRef, type ReactNode } from 'react';
import { Intent, OverlayToaster, Position } from '@blueprintjs/core';

type Notify = (message: string, intent?: Intent) => void;

const ToastContext = createContext<Notify>(() => undefined);

/** How long a notice stays; errors and warnings stay until the operator closes them. */
export const TOAST_TIMEOUT_MS = 5000;

/** 0 = until closed: an error that fades by itself may never have been read. */
export function toastTimeout(intent: Intent): number {
  return intent === Intent.DANGER || intent === Intent.WARNING ? 0 : TOAST_TIMEOUT_MS;
}

/**
 * Short notices (connected, applied, saved) at the bottom right, above the status bar, where they
 * cover neither the tables' headers nor the confirm countdown at the top of a page. The message is the toast's key: the same notice again restarts its timer
 * instead of stacking a copy.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const ref = useRef<OverlayToaster | null>(null);
  const notify = useCallback<Notify>((message, intent = Intent.NONE) => {
    ref.current?.show({ message, intent, timeout: toastTimeout(intent) }, `${intent}:${message}`);
  }, []);
  const value = useMemo(() => notify, [notify]);
  return (
    <ToastContext.Provider value={value}>
      <OverlayToaster ref={ref} position={Position.BOTTOM_RIGHT} maxToasts={4} className="app-toaster" />
      {children}
    </ToastContext.Provider>
  );
}

export function useToast(): Notify {
  return useContext(ToastContext);
}
