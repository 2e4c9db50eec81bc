import { Controller, useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { InputGroup, Intent, Switch } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import { EndpointSchema, type Endpoint, type EndpointInput } from '@shared/model/endpoint';
import type { Secret } from '@shared/model/secret';
import { bp, errorCount, errorMessage, Field } from '../gateways/formFields';
import { AllowedRoutingField, NotesField } from '../gateways/AllowedRoutingField';
import { GatewayDialogFrame } from '../gateways/GatewayDialogFrame';
import { useGatewaySubmit } from '../gateways/useGatewaySubmit';
import { numberErrorMap } from '../gateways/formSupport';
import { endpointProblems } from './endpointCsv';

export function newEndpoint(): EndpointInput {
  return { ...EndpointSchema.parse({ name: 'new' }), name: '' };
}

const TAB_FIELDS = { general: ['name', 'enabled', 'password', 'allowedRoutingGateways', 'notes'] } as const;

interface Props {
  initial: EndpointInput;
  /** Account before editing; undefined for a new endpoint. */
  originalName?: string;
  takenNames: ReadonlySet<string>;
  onSave: (e: Endpoint, originalName?: string) => void;
  onCancel: () => void;
  /** The routing gateways that exist (staged edits included): what "may use" offers. */
  routingNames: readonly string[];
}

/**
 * The password is write-only: a stored one is never shown (the app never has it). Typing replaces
 * it; leaving the field empty keeps the stored one, or leaves a new endpoint without one, which the
 * checks then name.
 */
function PasswordInput({ stored, value, onChange, invalid }: { stored: boolean; value: Secret; onChange: (v: Secret) => void; invalid: boolean }) {
  const { t } = useTranslation();
  return (
    <InputGroup
      aria-label={t('ep.password')}
      type="password"
      autoComplete="new-password"
      intent={invalid ? Intent.DANGER : Intent.NONE}
      value={'value' in value ? value.value : ''}
      placeholder={stored ? t('ep.passwordKeep') : t('ep.passwordNew')}
      onValueChange={(v) => onChange(v === '' ? { set: stored } : { set: true, value: v })}
    />
  );
}

/** Endpoint (a device that registers) editor over the shared model schema and the agent's own checks. */
export function EndpointDialog({ initial, originalName, takenNames, onSave, onCancel, routingNames }: Props) {
  const { t } = useTranslation();
  const form = useForm<EndpointInput, unknown, Endpoint>({
    defaultValues: initial,
    resolver: zodResolver(EndpointSchema, { error: numberErrorMap }),
    mode: 'onTouched',
  });
  const { control, formState, register } = form;
  const stored = initial.password?.set === true && !('value' in initial.password);
  const { tab, setTab, submit } = useGatewaySubmit(form, TAB_FIELDS, {
    originalName,
    takenNames,
    onSave,
    nameTakenKey: 'ep.nameTaken',
    check: (e) => endpointProblems(e, new Set(routingNames)),
  });
  const e = formState.errors;

  const general = (
    <div className="form-grid">
      <Field label={t('ep.account')} error={e.name?.message} help={t('ep.accountHelp')}>
        <InputGroup {...bp(register('name'))} aria-label={t('ep.account')} placeholder="1001" intent={e.name ? Intent.DANGER : Intent.NONE} />
      </Field>
      <Field label={t('ep.password')} error={errorMessage(e.password)}>
        <Controller control={control} name="password" render={({ field }) => <PasswordInput stored={stored} value={field.value ?? { set: false }} onChange={field.onChange} invalid={!!e.password} />} />
      </Field>
      <Controller control={control} name="enabled" render={({ field }) => <Switch checked={field.value ?? true} onChange={(ev) => field.onChange(ev.currentTarget.checked)} label={t('gw.enabled')} />} />
      <span />
      <Controller control={control} name="allowedRoutingGateways" render={({ field }) => <AllowedRoutingField value={field.value} onChange={field.onChange} routingNames={routingNames} error={errorMessage(e.allowedRoutingGateways)} label={t('ep.allowedRouting')} />} />
      <NotesField reg={register('notes')} error={e.notes?.message} />
    </div>
  );

  return (
    <GatewayDialogFrame
      title={originalName ? t('ep.editTitle', { name: originalName }) : t('ep.addTitle')}
      tab={tab}
      onTab={setTab}
      onCancel={onCancel}
      dirty={formState.isDirty}
      onSubmit={() => void submit()}
      tabs={[{ id: 'general', title: t('gw.tabGeneral'), errors: errorCount(e, TAB_FIELDS.general), panel: general }]}
    />
  );
}
