import { createContext, useCallback, useContext, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode, type Ref } from 'react';
import { Intent, Toast } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import { contentUnder } from './contentUnder';
import { useRoomBesideDialog } from './dialogRoom';
import { FailureDetails } from './FailureDetails';

/** `details`: the technical text (host message, reason code) behind a plain message, shown on request. */
type Notify = (message: string, intent?: Intent, details?: string) => void;

interface ToastItem {
  key: string;
  /** Bumped when the same notice comes again: a new React key restarts its timer. */
  gen: number;
  message: string;
  intent: Intent;
  details?: string;
}

interface ToastState {
  items: ToastItem[];
  dismiss: (key: string) => void;
  /** The workspace shows the toasts in its own row; until it does, the provider shows them. */
  claim: () => () => void;
}

const ToastContext = createContext<Notify>(() => undefined);
const ToastStateContext = createContext<ToastState | null>(null);

/** How long a notice stays; errors and warnings stay until the operator closes them. */
export const TOAST_TIMEOUT_MS = 5000;
export const MAX_TOASTS = 4;

/** 0 = until closed: an error that fades by itself may never have been read. */
export function toastTimeout(intent: Intent): number {
  return intent === Intent.DANGER || intent === Intent.WARNING ? 0 : TOAST_TIMEOUT_MS;
}

/**
 * Short notices (connected, applied, saved, failed). In the workspace they float over the bottom-right
 * corner of the pages, as desktop apps show notifications, so the page does not move when one comes or
 * goes. Where they would hide something (a table row, the confirm countdown, a notice, any text) the
 * workspace gives them a row of their own above the status bar instead and the pages shrink until the
 * last toast is gone. The message is the toast's key: the same notice again restarts its timer.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<ToastItem[]>([]);
  const [claims, setClaims] = useState(0);
  const notify = useCallback<Notify>((message, intent = Intent.NONE, details) => {
    const key = `${intent}:${message}`;
    setItems((cur) => {
      const old = cur.find((i) => i.key === key);
      const item: ToastItem = { key, gen: (old?.gen ?? 0) + 1, message, intent, ...(details === undefined ? {} : { details }) };
      return [...cur.filter((i) => i.key !== key), item].slice(-MAX_TOASTS);
    });
  }, []);
  const dismiss = useCallback((key: string) => setItems((cur) => cur.filter((i) => i.key !== key)), []);
  const claim = useCallback(() => {
    setClaims((n) => n + 1);
    return () => setClaims((n) => n - 1);
  }, []);
  const state = useMemo(() => ({ items, dismiss, claim }), [items, dismiss, claim]);
  return (
    <ToastContext.Provider value={notify}>
      <ToastStateContext.Provider value={state}>
        {children}
        {claims === 0 && <ToastList items={items} dismiss={dismiss} />}
      </ToastStateContext.Provider>
    </ToastContext.Provider>
  );
}

/**
 * The workspace's toasts: floating over the bottom-right of the pages (a zero-high grid row) while what
 * lies below them is empty, in a grid row of their own (the pages shrink) once they would cover content.
 * A row once taken is kept while any toast shows, so a run of notices moves the page at most twice.
 */
export function ToastArea() {
  const state = useContext(ToastStateContext);
  const claim = state?.claim;
  useEffect(() => claim?.(), [claim]);
  const area = useRef<HTMLElement>(null);
  const [reserved, setReserved] = useState(false);
  const showing = (state?.items.length ?? 0) > 0;
  const check = useCallback(() => {
    const stack = area.current?.firstElementChild;
    const work = area.current?.parentElement?.querySelector('.work-area');
    const page = work?.querySelector('.tab-body:not([hidden])') ?? work;
    if (stack && page && contentUnder(stack.getBoundingClientRect(), page)) setReserved(true);
  }, []);
  // Before the first paint of a new toast: it never shows over a row, even for a frame.
  useLayoutEffect(() => {
    if (!showing) setReserved(false);
    else if (!reserved) check();
  }, [state?.items, showing, reserved, check]);
  // While floating, the page below may change (another tab, rows arriving, a resized window).
  useEffect(() => {
    const work = area.current?.parentElement?.querySelector('.work-area');
    if (!showing || reserved || !work) return;
    let frame = 0;
    const later = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(check);
    };
    const observer = new MutationObserver(later);
    observer.observe(work, { childList: true, subtree: true, attributes: true, attributeFilter: ['hidden'] });
    window.addEventListener('resize', later);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', later);
      cancelAnimationFrame(frame);
    };
  }, [showing, reserved, check]);
  // Over an open dialog's backdrop (so they can still be closed): beside the dialog, not over its buttons,
  // or above it at the top of the window when a wide dialog leaves no readable room beside it.
  const dialog = useRoomBesideDialog();
  const place = dialog === null ? (reserved ? 'toast-row' : 'toast-float') : `toast-float toast-over-dialog toast-${dialog.place}-dialog`;
  const room = dialog?.place === 'beside' ? dialog.room : null;
  return state ? <ToastList items={state.items} dismiss={state.dismiss} className={place} areaRef={area} room={room} /> : null;
}

function ToastList({ items, dismiss, className = 'toast-row', areaRef, room = null }: { items: ToastItem[]; dismiss: (key: string) => void; className?: string; areaRef?: Ref<HTMLElement>; room?: number | null }) {
  const { t } = useTranslation();
  if (items.length === 0) return null;
  return (
    <section ref={areaRef} className={`toast-area ${className}`} aria-label={t('notice.area')} style={room === null ? undefined : { ['--toast-room' as string]: `${room}px` }}>
      <div className="toast-stack">
        {items.map((i) => (
          <Toast
            key={`${i.key}#${i.gen}`}
            intent={i.intent}
            timeout={toastTimeout(i.intent)}
            onDismiss={() => dismiss(i.key)}
            message={
              i.details === undefined ? (
                i.message
              ) : (
                <>
                  {i.message}
                  <FailureDetails text={i.details} />
                </>
              )
            }
          />
        ))}
      </div>
    </section>
  );
}

export function useToast(): Notify {
  return useContext(ToastContext);
}
