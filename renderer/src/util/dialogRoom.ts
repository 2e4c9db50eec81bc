import { useEffect, useState } from 'react';

/** Blueprint puts this class on <body> while an overlay with a backdrop (a dialog, an alert) is open. */
const MODAL_OPEN = 'bp6-overlay-open';
/** Space kept between a dialog's right edge and the toasts beside it. */
const GAP_PX = 16;

/**
 * While a modal dialog is open, the width free to the right of it (px), so the toasts, which then sit
 * above the dialog's backdrop, stay beside the dialog and never over its buttons; null when none is open.
 */
export function useRoomBesideDialog(): number | null {
  const [room, setRoom] = useState<number | null>(null);
  useEffect(() => {
    const measure = () => {
      if (!document.body.classList.contains(MODAL_OPEN)) return setRoom(null);
      const dialogs = Array.from(document.querySelectorAll('.bp6-overlay-open .bp6-dialog, .bp6-overlay-open .bp6-alert'));
      const right = Math.max(0, ...dialogs.map((d) => d.getBoundingClientRect().right));
      setRoom(Math.max(0, Math.floor(window.innerWidth - right - GAP_PX)));
    };
    measure();
    // The class changes when a dialog opens or closes; a dialog's size changes with its content or the window.
    const observer = new MutationObserver(measure);
    observer.observe(document.body, { attributes: true, attributeFilter: ['class'], childList: true });
    window.addEventListener('resize', measure);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', measure);
    };
  }, []);
  return room;
}
