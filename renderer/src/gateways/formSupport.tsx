import { HTMLSelect } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';

/** A per-gateway override of a system parameter: inherit (null), on or off. */
export function TriState({ value, onChange, label }: { value: boolean | null; onChange: (v: boolean | null) => void; label: string }) {
  const { t } = useTranslation();
  return (
    <HTMLSelect aria-label={label} value={value === null ? 'inherit' : value ? 'on' : 'off'} onChange={(e) => onChange(e.currentTarget.value === 'inherit' ? null : e.currentTarget.value === 'on')}>
      <option value="inherit">{t('gw.inheritSystem')}</option>
      <option value="on">{t('gw.on')}</option>
      <option value="off">{t('gw.off')}</option>
    </HTMLSelect>
  );
}
