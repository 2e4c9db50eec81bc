import { Controller } from 'react-hook-form';
import { InputGroup, Intent } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import { EndpointSchema, type Endpoint, type EndpointInput } from '@shared/model/endpoint';
import type { Secret } from '@shared/model/secret';
import { ENDPOINT_SUPPORT } from '@shared/model/endpointSupport';
import { bp, errorMessage, Field, ListText } from '../gateways/formFields';
import { CallLimitFields, SwitchField } from '../gateways/dialogFields';
import { AllowedRoutingField, NotesField } from '../gateways/AllowedRoutingField';
import { GatewayDialogFrame } from '../gateways/GatewayDialogFrame';
import { useGatewayForm, type EditorDialogProps } from '../gateways/useGatewaySubmit';
import { endpointProblems } from './endpointCsv';

export function newEndpoint(): EndpointInput {
  return { ...EndpointSchema.parse({ name: 'new' }), name: '' };
}

const TAB_FIELDS = {
  general: ['name', 'enabled', 'password', 'allowedRoutingGateways', 'notes'],
  limits: ['allowedCallerNumbers', 'maxConcurrentCalls', 'cpsLimit'],
} as const;

interface Props extends EditorDialogProps<EndpointInput, Endpoint> {
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
  const stored = initial.password?.set === true && !('value' in initial.password);
  const { form, errors: e, frame, tabs } = useGatewayForm(EndpointSchema, initial, TAB_FIELDS, {
    originalName,
    takenNames,
    onSave,
    nameTakenKey: 'ep.nameTaken',
    check: (ep) => endpointProblems(ep, new Set(routingNames)),
  });
  const { control, register } = form;

  const general = (
    <div className="form-grid">
      <Field label={t('ep.account')} error={e.name?.message} help={t('ep.accountHelp')}>
        <InputGroup {...bp(register('name'))} aria-label={t('ep.account')} placeholder="1001" intent={e.name ? Intent.DANGER : Intent.NONE} />
      </Field>
      <Field label={t('ep.password')} error={errorMessage(e.password)}>
        <Controller control={control} name="password" render={({ field }) => <PasswordInput stored={stored} value={field.value ?? { set: false }} onChange={field.onChange} invalid={!!e.password} />} />
      </Field>
      <SwitchField control={control} name="enabled" unset label={t('gw.enabled')} />
      <span />
      <Controller control={control} name="allowedRoutingGateways" render={({ field }) => <AllowedRoutingField value={field.value} onChange={field.onChange} routingNames={routingNames} error={errorMessage(e.allowedRoutingGateways)} label={t('ep.allowedRouting')} />} />
      <NotesField reg={register('notes')} error={e.notes?.message} engine={ENDPOINT_SUPPORT.notes} />
    </div>
  );

  // Empty values are stored as absent, so an endpoint saved unchanged keeps its content and hash.
  const limits = (
    <div className="form-grid">
      <Field engine={ENDPOINT_SUPPORT.allowedCallerNumbers} label={t('ep.callerNumbers')} error={errorMessage(e.allowedCallerNumbers)} help={t('ep.callerNumbersHelp')}>
        <Controller
          control={control}
          name="allowedCallerNumbers"
          render={({ field }) => (
            <ListText label={t('ep.callerNumbers')} value={field.value ?? []} onChange={(v) => field.onChange(v.length > 0 ? v : undefined)} parse={(s) => s} show={(s) => s} invalid={!!e.allowedCallerNumbers} placeholder="555 +4420" />
          )}
        />
      </Field>
      <CallLimitFields control={control} support={ENDPOINT_SUPPORT} emptyAsAbsent />
    </div>
  );

  return (
    <GatewayDialogFrame
      title={originalName ? t('ep.editTitle', { name: originalName }) : t('ep.addTitle')}
      onCancel={onCancel}
      {...frame}
      tabs={tabs({ general, limits })}
    />
  );
}
