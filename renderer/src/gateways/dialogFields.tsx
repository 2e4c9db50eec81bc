import type { ReactNode } from 'react';
import { Switch } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import { Controller, type Control, type FieldValues, type Path } from 'react-hook-form';
import type { EngineSupport } from '@shared/catalog';
import { DialPlanEditor } from './DialPlanEditor';
import { errorMessage, Field, NullableNumber } from './formFields';

/** The control of a dialog's form, whatever its schema's output type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- only the input type matters to a field
type FormControl<T extends FieldValues> = Control<T, unknown, any>;

interface NumberFieldProps<T extends FieldValues> {
  control: FormControl<T>;
  name: Path<T>;
  label: string;
  placeholder: string;
  help?: string;
  engine?: EngineSupport;
  /** An empty box stores absent instead of null ("inherit" / "no limit"). */
  emptyAsAbsent?: boolean;
  /** Shown while the box is empty and stored when emptied (a required number with a default). */
  fallback?: number;
}

/** A labelled number box over one form field; its error is the field's own. */
export function NumberField<T extends FieldValues>({ control, name, label, placeholder, help, engine, emptyAsAbsent = false, fallback }: NumberFieldProps<T>) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => (
        <Field engine={engine} label={label} error={fieldState.error?.message} help={help}>
          <NullableNumber
            label={label}
            placeholder={placeholder}
            invalid={!!fieldState.error}
            value={(field.value as number | null | undefined) ?? fallback}
            onChange={(v) => field.onChange(v ?? fallback ?? (emptyAsAbsent ? undefined : null))}
          />
        </Field>
      )}
    />
  );
}

interface SwitchFieldProps<T extends FieldValues> {
  control: FormControl<T>;
  name: Path<T>;
  label: ReactNode;
  /** Marks a setting the engine does not enforce, after the label. */
  badge?: ReactNode;
  /** How an unset value shows. */
  unset: boolean;
  /** Off is stored as absent (so an item switched on and off again keeps its content and hash). */
  offAsAbsent?: boolean;
}

export function SwitchField<T extends FieldValues>({ control, name, label, badge, unset, offAsAbsent = false }: SwitchFieldProps<T>) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field }) => (
        <Switch
          checked={(field.value as boolean | undefined) ?? unset}
          onChange={(ev) => field.onChange(offAsAbsent && !ev.currentTarget.checked ? undefined : ev.currentTarget.checked)}
          labelElement={badge === undefined ? label : <>{label} {badge}</>}
        />
      )}
    />
  );
}

type LimitName = 'maxConcurrentCalls' | 'cpsLimit';

/** Concurrent calls and calls per second, as every gateway-like dialog shows them. */
export function CallLimitFields<T extends FieldValues>({ control, support, emptyAsAbsent }: { control: FormControl<T>; support: Record<LimitName, EngineSupport>; emptyAsAbsent?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <NumberField control={control} name={'maxConcurrentCalls' as Path<T>} engine={support.maxConcurrentCalls} label={t('gw.capacity')} placeholder={t('gw.unlimited')} help={t('gw.unlimitedHelp')} emptyAsAbsent={emptyAsAbsent} />
      <NumberField control={control} name={'cpsLimit' as Path<T>} engine={support.cpsLimit} label={t('gw.cps')} placeholder={t('gw.unlimited')} help={t('gw.unlimitedHelp')} emptyAsAbsent={emptyAsAbsent} />
    </>
  );
}

type DialPlanName = 'callerDialPlan' | 'calleeDialPlan';

/** The caller and callee number rewriting rules of a gateway. */
export function DialPlanFields<T extends FieldValues>({ control, support }: { control: FormControl<T>; support: Record<DialPlanName, EngineSupport> }) {
  const { t } = useTranslation();
  const plans = [
    ['callerDialPlan', t('gw.callerDialPlan')],
    ['calleeDialPlan', t('gw.calleeDialPlan')],
  ] as const;
  return (
    <>
      {plans.map(([name, label]) => (
        <Controller
          key={name}
          control={control}
          name={name as Path<T>}
          render={({ field, fieldState }) => (
            <Field engine={support[name]} label={label} error={errorMessage(fieldState.error)}>
              <DialPlanEditor label={label} value={(field.value ?? []) as never} onChange={field.onChange} errors={fieldState.error} />
            </Field>
          )}
        />
      ))}
    </>
  );
}
