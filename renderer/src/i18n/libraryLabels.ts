import { useEffect } from 'react';
import i18next from 'i18next';

/**
 * Labels Blueprint writes in English with no prop to change them (the close button of dialogs and
 * toasts, the arrows of number fields), and the key of each in our tables. Screen readers speak them,
 * so they follow the interface language like every other text.
 */
const LIBRARY_LABELS: Readonly<Record<string, string>> = {
  Close: 'common.close',
  increment: 'common.increment',
  decrement: 'common.decrement',
};
const ORIGINAL = 'data-library-label';

function relabel(root: ParentNode): void {
  for (const el of Array.from(root.querySelectorAll<HTMLElement>(`[aria-label], [${ORIGINAL}]`))) {
    const original = el.getAttribute(ORIGINAL) ?? el.getAttribute('aria-label') ?? '';
    const key = LIBRARY_LABELS[original];
    if (!key) continue;
    el.setAttribute(ORIGINAL, original);
    const label = i18next.t(key);
    if (el.getAttribute('aria-label') !== label) el.setAttribute('aria-label', label);
  }
}

/** Keeps the library's fixed English labels in the interface language, also after a language switch. */
export function useLibraryLabels(): void {
  useEffect(() => {
    if (typeof MutationObserver === 'undefined') return undefined;
    relabel(document.body);
    const observer = new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === 'childList') r.addedNodes.forEach((n) => n instanceof Element && relabel(n.parentElement ?? n));
        else if (r.target instanceof Element && r.target.parentElement) relabel(r.target.parentElement);
      }
    });
    observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['aria-label'] });
    const onLanguage = () => relabel(document.body);
    i18next.on('languageChanged', onLanguage);
    return () => {
      observer.disconnect();
      i18next.off('languageChanged', onLanguage);
    };
  }, []);
}
