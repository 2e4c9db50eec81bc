import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldValues, Path, UseFormReturn } from 'react-hook-form';
import { errorCount } from './formFields';

interface SubmitOptions<O> {
  /** Name before editing; undefined for a new gateway. */
  originalName?: string;
  takenNames: ReadonlySet<string>;
  onSave: (g: O, originalName?: string) => void;
}

/**
 * What both gateway dialogs do on "Stage change": refuse a name another gateway already uses, and
 * on invalid input move to the first tab that holds an error so nothing invalid hides elsewhere.
 */
export function useGatewaySubmit<I extends FieldValues, O extends { name: string }>(
  form: UseFormReturn<I, unknown, O>,
  tabFields: Readonly<Record<string, readonly string[]>>,
  o: SubmitOptions<O>,
) {
  const { t } = useTranslation();
  const [tab, setTab] = useState('general');
  const submit = form.handleSubmit(
    (g) => {
      if (g.name !== o.originalName && o.takenNames.has(g.name)) {
        form.setError('name' as Path<I>, { message: t('gw.nameTaken', { name: g.name }) });
        setTab('general');
        return;
      }
      o.onSave(g, o.originalName);
    },
    (errs) => {
      const first = Object.keys(tabFields).find((k) => errorCount(errs, tabFields[k] ?? []) > 0);
      if (first) setTab(first);
    },
  );
  return { tab, setTab, submit };
}
