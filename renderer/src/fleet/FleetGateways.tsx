/** Gateway counts of one server in the fleet overview, from the monitor's gw.status.* series. */
import { Intent, Tag } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';

export interface GatewayCounts { up: number; down: number; online: number; offline: number }

/** The counts from a server's latest values; null when the server reports none (older agent, no data yet). */
export function gatewayCounts(latest: Readonly<Record<string, number>>): GatewayCounts | null {
  const up = latest['gw.status.routing_up'];
  const down = latest['gw.status.routing_down'];
  const online = latest['gw.status.mapping_online'];
  const offline = latest['gw.status.mapping_offline'];
  if (up === undefined && down === undefined && online === undefined && offline === undefined) return null;
  return { up: up ?? 0, down: down ?? 0, online: online ?? 0, offline: offline ?? 0 };
}

export function FleetGateways({ counts }: { counts: GatewayCounts | null }) {
  const { t } = useTranslation();
  if (!counts) return <td className="muted">—</td>;
  const routing = counts.up + counts.down > 0;
  return (
    <td className="fleet-gateways">
      {routing ? (
        <Tag minimal intent={counts.down > 0 ? Intent.DANGER : Intent.SUCCESS} data-testid="fleet-routing">{t('gwStatus.fleetRouting', { up: counts.up, down: counts.down })}</Tag>
      ) : (
        <span className="muted">{t('gwStatus.fleetNone')}</span>
      )}{' '}
      <Tag minimal data-testid="fleet-mapping">{t('gwStatus.fleetMapping', { online: counts.online, offline: counts.offline })}</Tag>
    </td>
  );
}
