import { Button, Intent } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import type { AlertSeverity } from '@shared/model/alertRule';
import { useFleetAlerts } from './FleetAlerts';

export const SEVERITY_INTENT: Record<AlertSeverity, Intent> = { critical: Intent.DANGER, warning: Intent.WARNING, info: Intent.PRIMARY };

/** Status bar: firing alerts across the connected servers, coloured by the worst; opens that server's alerts. */
export function AlertIndicator({ onOpen }: { onOpen: (serverId: string | null) => void }) {
  const { t } = useTranslation();
  const { summary } = useFleetAlerts();
  const firing = summary.firing > 0 && summary.worst !== null;
  return (
    <Button
      size="small"
      variant={firing ? 'solid' : 'minimal'}
      intent={firing ? SEVERITY_INTENT[summary.worst!] : Intent.NONE}
      icon={firing ? 'notifications-updated' : 'notifications'}
      className="alert-indicator"
      onClick={() => onOpen(summary.worstServer)}
      aria-label={firing ? t('alerts.indicatorLabel', { count: summary.firing, severity: t(`alerts.severity.${summary.worst!}`) }) : t('alerts.indicatorNoneLabel')}
      text={firing ? t('alerts.indicator', { count: summary.firing }) : t('alerts.indicatorNone')}
    />
  );
}
