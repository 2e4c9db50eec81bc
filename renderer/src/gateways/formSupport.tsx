import { HTMLSelect } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';

/** Empty-but-required and non-numeric input read better as "must be a number" than zod's type wording. */
export const numberErrorMap = (issue: z.core.$ZodRawIssue): string | undefined => {
  if (issue.code === 'invalid_type' && issue.expected === 'number') return 'must be a number';
  return undefined;
};

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
