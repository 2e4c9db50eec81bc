import { MAPPING_GATEWAY_SUPPORT } from '@shared/model/gatewaySupport';
import { EngineBadge } from '../params/EngineBadge';
import { Controller, useFieldArray } from 'react-hook-form';
import { Button, HTMLSelect, InputGroup, Intent } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import { MappingGatewaySchema, type MappingGateway, type MappingGatewayInput } from '@shared/model/mappingGateway';
import { bp, errorMessage, Field, NullableNumber, SecretEditor } from './formFields';
import { CallLimitFields, DialPlanFields, NumberField, SwitchField } from './dialogFields';
import { AllowedRoutingField, NotesField } from './AllowedRoutingField';
import { GatewayDialogFrame } from './GatewayDialogFrame';
import { useGatewayForm, type EditorDialogProps } from './useGatewaySubmit';

export function newMappingGateway(): MappingGatewayInput {
  return { ...MappingGatewaySchema.parse({ name: 'new', authMode: 'ip' }), name: '', ips: [{ ip: '', port: null }] };
}

const TAB_FIELDS = {
  general: ['name', 'enabled', 'authMode', 'ips', 'username', 'password', 'allowedRoutingGateways', 'notes'],
  sip: ['supportPrivacy', 'onlineCheckIntervalSec'],
  limits: ['cpsLimit', 'maxConcurrentCalls', 'maxCallDurationSec'],
  dial: ['callerDialPlan', 'calleeDialPlan'],
} as const;

interface Props extends EditorDialogProps<MappingGatewayInput, MappingGateway> {
  /** The routing gateways that exist (staged edits included): what "may use" offers. */
  routingNames: readonly string[];
}

/** Mapping gateway (where calls enter) editor over the shared model schema. */
export function MappingGatewayDialog({ initial, originalName, takenNames, onSave, onCancel, routingNames }: Props) {
  const { t } = useTranslation();
  // A name in "may use" that is not (or no longer) a routing gateway is refused here, every one named, not at Apply.
  const check = (g: MappingGateway) => {
    const missing = Array.isArray(g.allowedRoutingGateways) ? g.allowedRoutingGateways.filter((n) => !routingNames.includes(n)) : [];
    return missing.length ? [{ path: 'allowedRoutingGateways', message: t('dense.gw.pickMissingError', { count: missing.length, names: missing.join(', ') }) }] : [];
  };
  const { form, errors: e, frame, tabs } = useGatewayForm(MappingGatewaySchema, initial, TAB_FIELDS, { originalName, takenNames, onSave, check });
  const { control, register, watch } = form;
  const ips = useFieldArray({ control, name: 'ips' });
  const authMode = watch('authMode');

  const general = (
    <div className="form-grid">
      <Field label={t('gw.name')} error={e.name?.message}>
        <InputGroup {...bp(register('name'))} aria-label={t('gw.name')} intent={e.name ? Intent.DANGER : Intent.NONE} />
      </Field>
      <Field label={t('gw.authMode')}>
        <HTMLSelect {...register('authMode')} aria-label={t('gw.authMode')}>
          <option value="ip">{t('gw.authIp')}</option>
          <option value="ipPort">{t('gw.authIpPort')}</option>
          <option value="password">{t('gw.authPassword')}</option>
        </HTMLSelect>
      </Field>
      <SwitchField control={control} name="enabled" unset label={t('gw.enabled')} />
      <span />
      {authMode !== 'password' && (
        <div className="span-2">
          <Field label={t('gw.sourceIps')} error={typeof e.ips?.message === 'string' ? e.ips.message : undefined}>
            {ips.fields.map((f, i) => (
              <div key={f.id} className="address-row">
                <InputGroup {...bp(register(`ips.${i}.ip`))} aria-label={t('gw.sourceIp', { n: i + 1 })} placeholder="192.0.2.10" intent={e.ips?.[i]?.ip ? Intent.DANGER : Intent.NONE} />
                {authMode === 'ipPort' && (
                  <Controller control={control} name={`ips.${i}.port`} render={({ field }) => <NullableNumber label={t('gw.sourcePort', { n: i + 1 })} placeholder="5060" invalid={!!e.ips?.[i]?.port} value={field.value} onChange={field.onChange} />} />
                )}
                <Button variant="minimal" icon="trash" aria-label={t('gw.removeAddress')} onClick={() => ips.remove(i)} />
                {errorMessage(e.ips?.[i]) && <div className="field-error">{errorMessage(e.ips?.[i])}</div>}
              </div>
            ))}
            <Button size="small" icon="add" onClick={() => ips.append({ ip: '', port: null })} text={t('gw.addAddress')} />
          </Field>
        </div>
      )}
      {authMode === 'password' && (
        <>
          <Field label={t('gw.sipUser')} error={e.username?.message}>
            <InputGroup {...bp(register('username'))} aria-label={t('gw.sipUser')} intent={e.username ? Intent.DANGER : Intent.NONE} />
          </Field>
          <Field label={t('gw.sipPassword')} error={errorMessage(e.password)}>
            <Controller control={control} name="password" render={({ field }) => <SecretEditor label={t('gw.sipPassword')} value={field.value ?? { set: false }} onChange={field.onChange} invalid={!!e.password} />} />
          </Field>
        </>
      )}
      <Controller control={control} name="allowedRoutingGateways" render={({ field }) => <AllowedRoutingField value={field.value} onChange={field.onChange} routingNames={routingNames} error={errorMessage(e.allowedRoutingGateways)} />} />
      <NotesField reg={register('notes')} error={e.notes?.message} engine={MAPPING_GATEWAY_SUPPORT.notes} />
    </div>
  );

  const sip = (
    <div className="form-grid">
      <SwitchField control={control} name="supportPrivacy" unset={false} label={t('gw.supportPrivacy')} badge={<EngineBadge support={MAPPING_GATEWAY_SUPPORT.supportPrivacy} />} />
      <NumberField control={control} name="onlineCheckIntervalSec" engine={MAPPING_GATEWAY_SUPPORT.onlineCheckIntervalSec} label={t('gw.onlineCheck')} placeholder={t('gw.noChecks')} help={t('gw.onlineCheckHelp')} />
    </div>
  );

  const limits = (
    <div className="form-grid">
      <CallLimitFields control={control} support={MAPPING_GATEWAY_SUPPORT} />
      <NumberField control={control} name="maxCallDurationSec" engine={MAPPING_GATEWAY_SUPPORT.maxCallDurationSec} label={t('gw.maxDuration')} placeholder={t('gw.inherit')} help={t('gw.maxDurationHelp')} />
    </div>
  );

  return (
    <GatewayDialogFrame
      title={originalName ? t('gw.editMapping', { name: originalName }) : t('gw.addMapping')}
      onCancel={onCancel}
      {...frame}
      tabs={tabs({ general, sip, limits, dial: <DialPlanFields control={control} support={MAPPING_GATEWAY_SUPPORT} /> })}
    />
  );
}
