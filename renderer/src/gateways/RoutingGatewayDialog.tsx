import { ROUTING_GATEWAY_SUPPORT } from '@shared/model/gatewaySupport';
import { checkRoutingGateway } from '@shared/config/validateGateways';
import type { FieldError } from '@shared/model/fieldPath';
import { EngineBadge } from '../params/EngineBadge';
import { Controller, useFieldArray } from 'react-hook-form';
import { Button, HTMLSelect, InputGroup, Intent } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import { RoutingGatewaySchema, type RoutingGateway, type RoutingGatewayInput } from '@shared/model/routingGateway';
import { bp, errorMessage, Field, ListText, NullableNumber, SecretEditor } from './formFields';
import { CallLimitFields, DialPlanFields, NumberField, SwitchField } from './dialogFields';
import { NotesField } from './AllowedRoutingField';
import { GatewayDialogFrame } from './GatewayDialogFrame';
import { useGatewayForm, type EditorDialogProps } from './useGatewaySubmit';
import { TriState } from './formSupport';

/** The agent's checks of one routing gateway beyond its schema (per-gateway timeouts in the catalog's range, …). */
function routingGatewayProblems(g: RoutingGateway): FieldError[] {
  const out = { errors: [] as FieldError[], warnings: [] as FieldError[] };
  checkRoutingGateway(g, out);
  return out.errors;
}

/** None is stored as absent (see the media field below). */
const keyingOf = (v: string): RoutingGateway['mediaEncryption'] => (v === 'sdes' || v === 'dtls' ? v : undefined);

export function newRoutingGateway(): RoutingGatewayInput {
  return { ...RoutingGatewaySchema.parse({ name: 'new', addresses: [{ host: 'x' }] }), name: '', addresses: [{ host: '', port: 5060, transport: 'udp' }] };
}

const TAB_FIELDS = {
  general: ['name', 'enabled', 'priority', 'prefixMode', 'prefixes', 'addresses', 'notes'],
  sip: ['privacy', 'pPreferredIdentity', 'pAssertedIdentity', 'allowPublish', 'optionsProbe', 'mediaEncryption', 'inviteTimeout', 'stopSwitchAfterInviteTimeout', 'stopSwitchAfterSdp', 'stopSwitchCodes'],
  limits: ['maxConcurrentCalls', 'cpsLimit'],
  dial: ['callerDialPlan', 'calleeDialPlan'],
  registration: ['registration'],
} as const;

type Props = EditorDialogProps<RoutingGatewayInput, RoutingGateway>;

/** Routing gateway editor over the shared model schema: every field is checked the way the agent checks it. */
export function RoutingGatewayDialog({ initial, originalName, takenNames, onSave, onCancel }: Props) {
  const { t } = useTranslation();
  const { form, errors: e, frame, tabs } = useGatewayForm(RoutingGatewaySchema, initial, TAB_FIELDS, { originalName, takenNames, onSave, check: routingGatewayProblems });
  const { control, register, watch } = form;
  const addresses = useFieldArray({ control, name: 'addresses' });
  const regEnabled = watch('registration.enabled');

  const general = (
    <div className="form-grid">
      <Field label={t('gw.name')} error={e.name?.message}>
        <InputGroup {...bp(register('name'))} aria-label={t('gw.name')} intent={e.name ? Intent.DANGER : Intent.NONE} />
      </Field>
      <NumberField control={control} name="priority" label={t('gw.priority')} placeholder="0" help={t('gw.priorityHelp')} fallback={0} />
      <Field label={t('gw.prefixMode')}>
        <HTMLSelect {...register('prefixMode')} aria-label={t('gw.prefixMode')}>
          <option value="allow">{t('gw.prefixAllow')}</option>
          <option value="deny">{t('gw.prefixDeny')}</option>
        </HTMLSelect>
      </Field>
      <Field label={t('gw.prefixes')} error={errorMessage(e.prefixes)} help={t('gw.prefixesHelp')}>
        <Controller control={control} name="prefixes" render={({ field }) => <ListText label={t('gw.prefixes')} value={field.value ?? []} onChange={field.onChange} parse={(s) => s} show={(s) => s} invalid={!!e.prefixes} placeholder="0086, 001" />} />
      </Field>
      <SwitchField control={control} name="enabled" unset label={t('gw.enabled')} />
      <div className="span-2">
        <Field label={t('gw.addresses')} error={typeof e.addresses?.message === 'string' ? e.addresses.message : e.addresses?.root?.message}>
          {addresses.fields.map((f, i) => (
            <div key={f.id} className="address-row">
              <InputGroup {...bp(register(`addresses.${i}.host`))} aria-label={t('gw.addressHost', { n: i + 1 })} placeholder={t('gw.hostPlaceholder')} intent={e.addresses?.[i]?.host ? Intent.DANGER : Intent.NONE} />
              <Controller control={control} name={`addresses.${i}.port`} render={({ field }) => <NullableNumber label={t('gw.addressPort', { n: i + 1 })} placeholder="5060" invalid={!!e.addresses?.[i]?.port} value={field.value ?? 5060} onChange={(v) => field.onChange(v ?? 5060)} />} />
              <HTMLSelect {...register(`addresses.${i}.transport`)} aria-label={t('gw.transport')}>
                <option value="udp">UDP</option>
                <option value="tcp">TCP</option>
                <option value="tls">TLS</option>
              </HTMLSelect>
              <Button variant="minimal" icon="trash" aria-label={t('gw.removeAddress')} onClick={() => addresses.remove(i)} />
              {errorMessage(e.addresses?.[i]) && <div className="field-error">{errorMessage(e.addresses?.[i])}</div>}
            </div>
          ))}
          <Button size="small" icon="add" onClick={() => addresses.append({ host: '', port: 5060, transport: 'udp' })} text={t('gw.addAddress')} />
        </Field>
      </div>
      <NotesField reg={register('notes')} error={e.notes?.message} engine={ROUTING_GATEWAY_SUPPORT.notes} />
    </div>
  );

  const sip = (
    <div className="form-grid">
      <Field engine={ROUTING_GATEWAY_SUPPORT.privacy} label={t('gw.privacy')}>
        <HTMLSelect {...register('privacy')} aria-label={t('gw.privacy')}>
          <option value="none">{t('gw.privacyNone')}</option>
          <option value="passthrough">{t('gw.privacyPass')}</option>
          <option value="id">{t('gw.privacyId')}</option>
        </HTMLSelect>
      </Field>
      {(['pPreferredIdentity', 'pAssertedIdentity'] as const).map((k) => (
        <Field key={k} engine={ROUTING_GATEWAY_SUPPORT[k]} label={t(`gw.${k}`)}>
          <HTMLSelect {...register(k)} aria-label={t(`gw.${k}`)}>
            <option value="none">{t('gw.identityNone')}</option>
            <option value="passthrough">{t('gw.identityPass')}</option>
            <option value="caller">{t('gw.identityCaller')}</option>
          </HTMLSelect>
        </Field>
      ))}
      <NumberField control={control} name="inviteTimeout" engine={ROUTING_GATEWAY_SUPPORT.inviteTimeout} label={t('gw.inviteTimeout')} placeholder={t('gw.inherit')} help={t('gw.inheritHelp')} />
      <Field engine={ROUTING_GATEWAY_SUPPORT.stopSwitchAfterInviteTimeout} label={t('gw.stopAfterTimeout')}>
        <Controller control={control} name="stopSwitchAfterInviteTimeout" render={({ field }) => <TriState label={t('gw.stopAfterTimeout')} value={field.value ?? null} onChange={field.onChange} />} />
      </Field>
      <Field engine={ROUTING_GATEWAY_SUPPORT.stopSwitchAfterSdp} label={t('gw.stopAfterSdp')}>
        <Controller control={control} name="stopSwitchAfterSdp" render={({ field }) => <TriState label={t('gw.stopAfterSdp')} value={field.value ?? null} onChange={field.onChange} />} />
      </Field>
      <Field engine={ROUTING_GATEWAY_SUPPORT.stopSwitchCodes} label={t('gw.stopCodes')} error={errorMessage(e.stopSwitchCodes)} help={t('gw.stopCodesHelp')}>
        <Controller control={control} name="stopSwitchCodes" render={({ field }) => <ListText label={t('gw.stopCodes')} value={field.value ?? []} onChange={field.onChange} parse={Number} show={String} invalid={!!e.stopSwitchCodes} placeholder="404, 486" />} />
      </Field>
      {/* None is stored as "absent" (as optionsProbe's Off), so a gateway set back to none keeps its old content and hash. */}
      <Field engine={ROUTING_GATEWAY_SUPPORT.mediaEncryption} label={t('ep.mediaEncryption')} error={e.mediaEncryption?.message} help={t('ep.mediaHelp')}>
        <Controller
          control={control}
          name="mediaEncryption"
          render={({ field }) => (
            <HTMLSelect aria-label={t('ep.mediaEncryption')} value={field.value ?? 'none'} onChange={(ev) => field.onChange(keyingOf(ev.currentTarget.value))}>
              <option value="none">{t('ep.mediaNone')}</option>
              <option value="sdes">{t('ep.mediaSdes')}</option>
              <option value="dtls">{t('ep.mediaDtls')}</option>
            </HTMLSelect>
          )}
        />
      </Field>
      {/* Off is stored as "absent", so a gateway switched on and off again keeps its old content and hash. */}
      <SwitchField control={control} name="optionsProbe" unset={false} offAsAbsent label={t('gwStatus.optionsProbe')} badge={<EngineBadge support={ROUTING_GATEWAY_SUPPORT.optionsProbe} />} />
      <p className="muted">{t('gwStatus.optionsProbeHelp')}</p>
      <SwitchField control={control} name="allowPublish" unset={false} label={t('gw.allowPublish')} badge={<EngineBadge support={ROUTING_GATEWAY_SUPPORT.allowPublish} />} />
    </div>
  );

  const limits = (
    <div className="form-grid">
      <CallLimitFields control={control} support={ROUTING_GATEWAY_SUPPORT} />
    </div>
  );

  const registration = (
    <div className="form-grid">
      <SwitchField control={control} name="registration.enabled" unset={false} label={t('gw.regEnabled')} badge={<EngineBadge support={ROUTING_GATEWAY_SUPPORT.registration} />} />
      <span />
      <Field engine={ROUTING_GATEWAY_SUPPORT.registration} label={t('gw.regUser')} error={e.registration?.username?.message}>
        <InputGroup {...bp(register('registration.username'))} aria-label={t('gw.regUser')} disabled={!regEnabled} intent={e.registration?.username ? Intent.DANGER : Intent.NONE} />
      </Field>
      <Field engine={ROUTING_GATEWAY_SUPPORT.registration} label={t('gw.regPassword')} error={errorMessage(e.registration?.password)}>
        <Controller control={control} name="registration.password" render={({ field }) => <SecretEditor label={t('gw.regPassword')} value={field.value ?? { set: false }} onChange={field.onChange} invalid={!!e.registration?.password} />} />
      </Field>
      <Field engine={ROUTING_GATEWAY_SUPPORT.registration} label={t('gw.regRealm')} error={e.registration?.realm?.message} help={t('gw.regRealmHelp')}>
        <InputGroup {...bp(register('registration.realm'))} aria-label={t('gw.regRealm')} disabled={!regEnabled} />
      </Field>
      <NumberField control={control} name="registration.expirySec" engine={ROUTING_GATEWAY_SUPPORT.registration} label={t('gw.regExpiry')} placeholder={t('gw.inherit')} help={t('gw.regExpiryHelp')} />
    </div>
  );

  return (
    <GatewayDialogFrame
      title={originalName ? t('gw.editRouting', { name: originalName }) : t('gw.addRouting')}
      onCancel={onCancel}
      {...frame}
      tabs={tabs({ general, sip, limits, dial: <DialPlanFields control={control} support={ROUTING_GATEWAY_SUPPORT} />, registration })}
    />
  );
}
