import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { Alert, Intent } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';

// A dialog without fields (a report) marks the control to start on with data-autofocus.
const FIELD = 'input:not([type="hidden"]):not([disabled]):not([type="checkbox"]):not([type="radio"]), select:not([disabled]), textarea:not([disabled]), [data-autofocus]:not([disabled])';

/** Puts the cursor in the first field of a dialog when it opens, so typing can start at once. */
export function useFocusFirstField(root: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    // Blueprint moves the focus to the dialog box itself while it opens (after a transition of a few
    // frames), so for the first frames the field is focused again whenever the focus is outside the
    // form; once the user has moved inside the form it is left alone.
    let id = 0;
    let frames = 0;
    const tick = () => {
      const el = root.current;
      if (el && !el.contains(document.activeElement)) el.querySelector<HTMLElement>(FIELD)?.focus();
      if (++frames < 40) id = requestAnimationFrame(tick);
    };
    tick();
    return () => cancelAnimationFrame(id);
  }, [root]);
}

/**
 * Esc (or the close button) on a dialog with typed values asks before throwing them away; an untouched
 * dialog closes at once. `requestClose` is the dialog's onClose; `prompt` is rendered beside it.
 */
export function useGuardedClose(dirty: boolean, close: () => void): { requestClose: () => void; prompt: ReactNode } {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const latest = useRef(close);
  latest.current = close;
  const requestClose = () => (dirty ? setAsking(true) : close());
  const prompt = (
    <Alert
      isOpen={asking}
      intent={Intent.DANGER}
      icon="trash"
      cancelButtonText={t('dense.dialog.keepEditing')}
      confirmButtonText={t('dense.dialog.discard')}
      onCancel={() => setAsking(false)}
      onConfirm={() => { setAsking(false); latest.current(); }}
    >
      <p><strong>{t('dense.dialog.discardTitle')}</strong></p>
      <p>{t('dense.dialog.discardQuestion')}</p>
    </Alert>
  );
  return { requestClose, prompt };
}
