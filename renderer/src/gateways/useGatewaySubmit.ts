import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useForm, type DefaultValues, type FieldValues, type Path, type UseFormReturn } from 'react-hook-form';
import type { z } from 'zod';
import type { FieldError } from '@shared/model/fieldPath';
import { errorCount } from './formFields';
import { formProblemText } from '../util/fieldProblem';
import { plainResolver } from '../util/plainResolver';
import type { DialogTab } from './GatewayDialogFrame';

/** What the page gives each gateway-like edit dialog. */
export interface EditorDialogProps<I, O> {
  initial: I;
  /** Name before editing; undefined for a new item. */
  originalName?: string;
  takenNames: ReadonlySet<string>;
  onSave: (item: O, originalName?: string) => void;
  onCancel: () => void;
}

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
        for (const p of problems) form.setError(formFieldOf(p.path) as Path<I>, { type: 'agent', message: formProblemText(t, p) });
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

/** Titles of the dialog tabs, by the names the dialogs' field lists use. */
const TAB_TITLES = { general: 'gw.tabGeneral', sip: 'gw.tabSip', limits: 'gw.tabLimits', dial: 'gw.tabDial', registration: 'gw.tabRegistration' } as const;

/**
 * The form of a gateway-like edit dialog over its shared model schema, checked as the user leaves
 * each field, with the "Stage change" rules above. `frame` is what GatewayDialogFrame needs of it;
 * `tabs` gives each panel its title and how many of its fields need attention, in `tabFields` order.
 */
export function useGatewayForm<I extends FieldValues, O extends { name: string }, K extends keyof typeof TAB_TITLES>(
  schema: z.ZodType<O, I>,
  initial: I,
  tabFields: Readonly<Record<K, readonly string[]>>,
  o: SubmitOptions<O>,
) {
  const { t } = useTranslation();
  const form = useForm<I, unknown, O>({ defaultValues: initial as DefaultValues<I>, resolver: plainResolver(schema), mode: 'onTouched' });
  const { tab, setTab, submit } = useGatewaySubmit(form, tabFields, o);
  const errors = form.formState.errors;
  const frame = { tab, onTab: setTab, dirty: form.formState.isDirty, onSubmit: () => void submit() };
  const tabs = (panels: Record<K, ReactNode>): DialogTab[] =>
    (Object.keys(tabFields) as K[]).map((id) => ({ id, title: t(TAB_TITLES[id]), errors: errorCount(errors, tabFields[id]), panel: panels[id] }));
  return { form, errors, frame, tabs };
}
