import { MAPPING_GATEWAY_SUPPORT } from '@shared/model/gatewaySupport';
import { EngineBadge } from '../params/EngineBadge';
import { Controller, useFieldArray, useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Button, HTMLSelect, InputGroup, Intent, Switch } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import { MappingGatewaySchema, type MappingGateway, type MappingGatewayInput } from '@shared/model/mappingGateway';
import { DialPlanEditor } from './DialPlanEditor';
import { bp, errorCount, errorMessage, Field, NullableNumber, SecretEditor } from './formFields';
import { AllowedRoutingField, NotesField } from './AllowedRoutingField';
import { GatewayDialogFrame } from './GatewayDialogFrame';
import { useGatewaySubmit } from './useGatewaySubmit';
import { numberErrorMap } from './formSupport';

export function newMappingGateway(): MappingGatewayInput {
  return { ...MappingGatewaySchema.parse({ name: 'new', authMode: 'ip' }), name: '', ips: [{ ip: '', port: null }] };
}

const TAB_FIELDS = {
  general: ['name', 'enabled', 'authMode', 'ips', 'username', 'password', 'allowedRoutingGateways', 'notes'],
  sip: ['supportPrivacy', 'onlineCheckIntervalSec'],
  limits: ['cpsLimit', 'maxConcurrentCalls', 'maxCallDurationSec'],
  dial: ['callerDialPlan', 'calleeDialPlan'],
} as const;

interface Props {
  initial: MappingGatewayInput;
  originalName?: string;
  takenNames: ReadonlySet<string>;
  onSave: (g: MappingGateway, originalName?: string) => void;
  onCancel: () => void;
  /** The routing gateways that exist (staged edits included): what "may use" offers. */
  routingNames: readonly string[];
}

/** Mapping gateway (where calls enter) editor over the shared model schema. */
export function MappingGatewayDialog({ initial, originalName, takenNames, onSave, onCancel, routingNames }: Props) {
  const { t } = useTranslation();
  const form = useForm<MappingGatewayInput, unknown, MappingGateway>({
    defaultValues: initial,
    resolver: zodResolver(MappingGatewaySchema, { error: numberErrorMap }),
    mode: 'onTouched',
  });
  const { control, formState, register, watch } = form;
  // A name in "may use" that is not (or no longer) a routing gateway is refused here, every one named, not at Apply.
  const check = (g: MappingGateway) => {
    const missing = Array.isArray(g.allowedRoutingGateways) ? g.allowedRoutingGateways.filter((n) => !routingNames.includes(n)) : [];
    return missing.length ? [{ path: 'allowedRoutingGateways', message: t('dense.gw.pickMissingError', { count: missing.length, names: missing.join(', ') }) }] : [];
  };
  const { tab, setTab, submit } = useGatewaySubmit(form, TAB_FIELDS, { originalName, takenNames, onSave, check });
  const ips = useFieldArray({ control, name: 'ips' });
  const e = formState.errors;
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
      <Controller control={control} name="enabled" render={({ field }) => <Switch checked={field.value ?? true} onChange={(ev) => field.onChange(ev.currentTarget.checked)} label={t('gw.enabled')} />} />
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
      <NotesField reg={register('notes')} error={e.notes?.message} />
    </div>
  );

  const sip = (
    <div className="form-grid">
      <Controller control={control} name="supportPrivacy" render={({ field }) => <Switch checked={field.value ?? false} onChange={(ev) => field.onChange(ev.currentTarget.checked)} labelElement={<>{t('gw.supportPrivacy')} <EngineBadge support={MAPPING_GATEWAY_SUPPORT.supportPrivacy} /></>} />} />
      <Field engine={MAPPING_GATEWAY_SUPPORT.onlineCheckIntervalSec} label={t('gw.onlineCheck')} error={e.onlineCheckIntervalSec?.message} help={t('gw.onlineCheckHelp')}>
        <Controller control={control} name="onlineCheckIntervalSec" render={({ field }) => <NullableNumber label={t('gw.onlineCheck')} placeholder={t('gw.noChecks')} invalid={!!e.onlineCheckIntervalSec} value={field.value} onChange={field.onChange} />} />
      </Field>
    </div>
  );

  const limits = (
    <div className="form-grid">
      <Field engine={MAPPING_GATEWAY_SUPPORT.maxConcurrentCalls} label={t('gw.capacity')} error={e.maxConcurrentCalls?.message} help={t('gw.unlimitedHelp')}>
        <Controller control={control} name="maxConcurrentCalls" render={({ field }) => <NullableNumber label={t('gw.capacity')} placeholder={t('gw.unlimited')} invalid={!!e.maxConcurrentCalls} value={field.value} onChange={field.onChange} />} />
      </Field>
      <Field engine={MAPPING_GATEWAY_SUPPORT.cpsLimit} label={t('gw.cps')} error={e.cpsLimit?.message} help={t('gw.unlimitedHelp')}>
        <Controller control={control} name="cpsLimit" render={({ field }) => <NullableNumber label={t('gw.cps')} placeholder={t('gw.unlimited')} invalid={!!e.cpsLimit} value={field.value} onChange={field.onChange} />} />
      </Field>
      <Field engine={MAPPING_GATEWAY_SUPPORT.maxCallDurationSec} label={t('gw.maxDuration')} error={e.maxCallDurationSec?.message} help={t('gw.maxDurationHelp')}>
        <Controller control={control} name="maxCallDurationSec" render={({ field }) => <NullableNumber label={t('gw.maxDuration')} placeholder={t('gw.inherit')} invalid={!!e.maxCallDurationSec} value={field.value} onChange={field.onChange} />} />
      </Field>
    </div>
  );

  const dial = (
    <>
      <Field engine={MAPPING_GATEWAY_SUPPORT.callerDialPlan} label={t('gw.callerDialPlan')} error={errorMessage(e.callerDialPlan)}>
        <Controller control={control} name="callerDialPlan" render={({ field }) => <DialPlanEditor label={t('gw.callerDialPlan')} value={(field.value ?? []) as never} onChange={field.onChange} errors={e.callerDialPlan} />} />
      </Field>
      <Field engine={MAPPING_GATEWAY_SUPPORT.calleeDialPlan} label={t('gw.calleeDialPlan')} error={errorMessage(e.calleeDialPlan)}>
        <Controller control={control} name="calleeDialPlan" render={({ field }) => <DialPlanEditor label={t('gw.calleeDialPlan')} value={(field.value ?? []) as never} onChange={field.onChange} errors={e.calleeDialPlan} />} />
      </Field>
    </>
  );

  return (
    <GatewayDialogFrame
      title={originalName ? t('gw.editMapping', { name: originalName }) : t('gw.addMapping')}
      tab={tab}
      onTab={setTab}
      onCancel={onCancel}
      dirty={formState.isDirty}
      onSubmit={() => void submit()}
      tabs={[
        { id: 'general', title: t('gw.tabGeneral'), errors: errorCount(e, TAB_FIELDS.general), panel: general },
        { id: 'sip', title: t('gw.tabSip'), errors: errorCount(e, TAB_FIELDS.sip), panel: sip },
        { id: 'limits', title: t('gw.tabLimits'), errors: errorCount(e, TAB_FIELDS.limits), panel: limits },
        { id: 'dial', title: t('gw.tabDial'), errors: errorCount(e, TAB_FIELDS.dial), panel: dial },
      ]}
    />
  );
}
