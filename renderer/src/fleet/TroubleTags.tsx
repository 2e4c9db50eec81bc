/** What needs a look on one server, worst first, as tags; "—" for a healthy or not connected server. */
import { Intent, Tag } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import type { Trouble } from './trouble';

export function TroubleTags({ trouble }: { trouble: Trouble }) {
  const { t } = useTranslation();
  if (trouble.reasons.length === 0) return <span className="muted">{trouble.score < 0 ? '—' : t('fleet.healthy')}</span>;
  return (
    <span className="fleet-trouble">
      {trouble.reasons.map((r) => (
        <Tag key={r.reason} minimal intent={r.severity >= 60 ? Intent.DANGER : Intent.WARNING}>
          {t(`fleet.trouble.${r.reason}`, { value: r.value === undefined ? '' : Math.round(r.value) })}
        </Tag>
      ))}
    </span>
  );
}
