import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldValues, Path, UseFormReturn } from 'react-hook-form';
import type { FieldError } from '@shared/model/fieldPath';
import { errorCount } from './formFields';

interface SubmitOptions<O> {
  /** Name before editing; undefined for a new gateway. */
  originalName?: string;
  takenNames: ReadonlySet<string>;
  onSave: (g: O, originalName?: string) => void;
  /** The agent's own checks of one item beyond its schema (ranges from the catalog, required pairs); paths as the agent reports them. */
  check?: (g: O) => readonly FieldError[];
  /** Translation key of "that name is taken" (endpoints speak of accounts). */
  nameTakenKey?: string;
}

/** `routingGateways[gw].addresses[1].port` → `addresses.1.port`, the form's name for that field. */
export function formFieldOf(path: string): string {
  return path.replace(/^[A-Za-z]+\[[^\]]*\]\.?/, '').replace(/\[(\d+)\]/g, '.$1');
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
        form.setError('name' as Path<I>, { message: t(o.nameTakenKey ?? 'gw.nameTaken', { name: g.name }) });
        setTab('general');
        return;
      }
      // What the agent would refuse is refused here, each field with its own message.
      const problems = o.check?.(g) ?? [];
      if (problems.length > 0) {
        for (const p of problems) form.setError(formFieldOf(p.path) as Path<I>, { type: 'agent', message: p.message });
        const fields = problems.map((p) => formFieldOf(p.path).split('.')[0] ?? '');
        const first = Object.keys(tabFields).find((k) => (tabFields[k] ?? []).some((f) => fields.includes(f)));
        if (first) setTab(first);
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
