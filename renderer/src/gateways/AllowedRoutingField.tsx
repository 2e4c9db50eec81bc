import { Checkbox, Classes } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import type { UseFormRegisterReturn } from 'react-hook-form';
import type { EngineSupport } from '@shared/catalog';
import { Field } from './formFields';
import { GatewayPicker } from './GatewayPicker';

/**
 * "May use": all routing gateways, or a list picked from those that exist. Shared by the mapping
 * gateway and endpoint dialogs; the list's help only while there is a list to type.
 */
export function AllowedRoutingField({ value, onChange, routingNames, error, label }: { value: 'all' | readonly string[] | undefined; onChange: (v: 'all' | string[]) => void; routingNames: readonly string[]; error: string | undefined; label?: string }) {
  const { t } = useTranslation();
  const name = label ?? t('gw.allowedRouting');
  return (
    <div className="span-2">
      <Field label={name} error={error}>
        <div className="allowed-routing">
          <Checkbox checked={value === 'all' || value === undefined} label={t('gw.allowedAll')} onChange={(ev) => onChange(ev.currentTarget.checked ? 'all' : [])} />
          {Array.isArray(value) && <GatewayPicker label={name} options={routingNames} value={value} onChange={onChange} invalid={error !== undefined} />}
        </div>
      </Field>
    </div>
  );
}

/** The free-text notes of an item, kept exactly; `engine` (the support table's `notes`) says the switch does not use them. */
export function NotesField({ reg, error, engine }: { reg: UseFormRegisterReturn; error: string | undefined; engine: EngineSupport }) {
  const { t } = useTranslation();
  return (
    <div className="span-2">
      <Field label={t('gw.notes')} error={error} engine={engine}>
        <textarea className={`${Classes.INPUT} ${Classes.FILL}`} rows={2} {...reg} />
      </Field>
    </div>
  );
}
