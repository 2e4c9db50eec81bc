import { Tag, type Intent } from '@blueprintjs/core';
import type { TFunction } from 'i18next';
import type { GatewayStatusResult, MappingGatewayStatus, RoutingGatewayStatus } from '@shared/rpc/gatewaysApi';
import { formatClock } from '../util/time';

const INTENT: Record<string, Intent> = {
  up: 'success', online: 'success', down: 'danger', offline: 'none', unknown: 'warning', unprobed: 'none',
  // Outbound registrations (RegistrationStateCell.tsx).
  registered: 'success', failed: 'danger', registering: 'warning', waiting: 'warning', unregistered: 'none',
};

// 24-hour local time of day, as everywhere else (not the browser locale's 12-hour form).
const time = (ms: number | null) => (ms === null ? '' : formatClock(ms));

/** The words of a routing gateway's state and the sentence under the mouse. */
export function routingStatusText(t: TFunction, s: RoutingGatewayStatus, r: GatewayStatusResult): { label: string; title: string } {
  return { label: t(`gwStatus.${s.state}`), title: t(`gwStatus.${s.state}Title`, { interval: r.probeIntervalSec, since: time(s.since) }) };
}

export function mappingStatusText(t: TFunction, s: MappingGatewayStatus, r: GatewayStatusResult): { label: string; title: string } {
  const window = Math.round(r.onlineWindowSec / 60);
  const key = s.registered === true ? 'registeredTitle' : s.state === 'offline' && s.lastSeen !== null ? 'offlineSeenTitle' : `${s.state}Title`;
  return { label: t(`gwStatus.${s.state}`), title: t(`gwStatus.${key}`, { window, lastSeen: time(s.lastSeen) }) };
}

/** A coloured dot and the state in words (colour is never the only sign). */
export function GatewayStatusCell({ state, label, title }: { state: string | undefined; label: string; title: string }) {
  if (!state) return <span className="muted">—</span>;
  return (
    <Tag minimal round intent={INTENT[state] ?? 'none'} icon={<span className={`status-dot status-${state}`} aria-hidden />} title={title} data-status={state}>
      {label}
    </Tag>
  );
}
