import { useEffect, useState } from 'react';

/** Blueprint puts this class on <body> while an overlay with a backdrop (a dialog, an alert) is open. */
const MODAL_OPEN = 'bp6-overlay-open';
/** Space kept between a dialog's right edge and the toasts beside it. */
const GAP_PX = 16;
/** Narrower than this, a toast beside the dialog would be a column of single words: it goes above the dialog instead. */
export const MIN_BESIDE_PX = 200;

/**
 * Where the toasts go while a modal dialog is open (they then sit above its backdrop so they can be
 * closed): `beside` the dialog in the `room` (px) to its right, never over its buttons, or `above`
 * it, centred at the top of the window, when the dialog leaves too little room beside it (a wide
 * dialog in a narrow window). Null when no dialog is open.
 */
export type DialogRoom = { place: 'beside'; room: number } | { place: 'above' } | null;

/**
 * A dialog's right edge once it has settled: it opens scaled down around its centre (Blueprint's
 * transition), so the measured box is too narrow then, but its centre and its layout width are final.
 */
function layoutRight(d: Element): number {
  const box = d.getBoundingClientRect();
  const width = d instanceof HTMLElement ? d.offsetWidth : box.width;
  return box.left + box.width / 2 + width / 2;
}

export function useRoomBesideDialog(): DialogRoom {
  const [room, setRoom] = useState<DialogRoom>(null);
  useEffect(() => {
    const measure = () => {
      if (!document.body.classList.contains(MODAL_OPEN)) return setRoom(null);
      const dialogs = Array.from(document.querySelectorAll('.bp6-overlay-open .bp6-dialog, .bp6-overlay-open .bp6-alert'));
      const right = Math.max(0, ...dialogs.map(layoutRight));
      const beside = Math.max(0, Math.floor(window.innerWidth - right - GAP_PX));
      // A new object on every measure would redraw the toasts on every mutation of <body>.
      setRoom((old) => {
        if (beside < MIN_BESIDE_PX) return old?.place === 'above' ? old : { place: 'above' };
        return old?.place === 'beside' && old.room === beside ? old : { place: 'beside', room: beside };
      });
    };
    measure();
    // The class changes when a dialog opens or closes, but the dialog itself is mounted into its portal
    // after that, and its size changes with its content: the whole body is watched (one measure per
    // batch of changes, a class check alone while no dialog is open).
    const observer = new MutationObserver(measure);
    observer.observe(document.body, { attributes: true, attributeFilter: ['class'], childList: true, subtree: true });
    window.addEventListener('resize', measure);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', measure);
    };
  }, []);
  return room;
}
