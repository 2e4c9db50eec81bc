import { createContext, useCallback, useContext, useMemo, useRef, type ReactNode } from 'react';
import { Intent, OverlayToaster, Position } from '@blueprintjs/core';

type Notify = (message: string, intent?: Intent) => void;
const ToastContext = createContext<Notify>(() => undefined);

/** Short notices (connected, applied, saved); errors that need action stay on screen instead. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const ref = useRef<OverlayToaster | null>(null);
  const notify = useCallback<Notify>((message, intent = Intent.NONE) => {
    ref.current?.show({ message, intent, timeout: intent === Intent.DANGER ? 10_000 : 4000 });
  }, []);
  const value = useMemo(() => notify, [notify]);
  return (
    <ToastContext.Provider value={value}>
      <OverlayToaster ref={ref} position={Position.BOTTOM_RIGHT} maxToasts={4} />
      {children}
    </ToastContext.Provider>
  );
}

export function useToast(): Notify {
  return useContext(ToastContext);
}
