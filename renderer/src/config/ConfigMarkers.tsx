import { Icon, Intent, Tag } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import type { Server } from '@shared/rpc/hostApi';
import { useConfigMarkers } from './ConfigSessions';
import { useSecondsLeft } from './ConfirmBanner';
import type { ConfigMarker } from './sessionRegistry';

/** Status bar: each server with a revision waiting for confirmation (with its countdown) or an unread automatic rollback. */
export function StatusConfigMarkers({ servers }: { servers: readonly Server[] }) {
  const markers = useConfigMarkers();
  return (
    <>
      {servers.map((s) => {
        const m = markers.get(s.id);
        return m ? <StatusMarker key={s.id} name={s.name} marker={m} /> : null;
      })}
    </>
  );
}

function StatusMarker({ name, marker }: { name: string; marker: ConfigMarker }) {
  const { t } = useTranslation();
  const left = useSecondsLeft(marker.pending?.until ?? null);
  return (
    <>
      {marker.pending && <Tag intent={Intent.WARNING} icon={<Icon icon="time" size={12} />} data-testid="status-pending">{t('rollback.pendingTag', { name, seconds: left })}</Tag>}
      {marker.rolledBack !== null && <Tag intent={Intent.DANGER} icon={<Icon icon="undo" size={12} />} data-testid="status-rolled-back">{t('rollback.rolledBackTag', { name, revision: marker.rolledBack })}</Tag>}
    </>
  );
}

/** Tree: a short marker beside the server's state. */
export function TreeConfigMarker({ serverId }: { serverId: string }) {
  const { t } = useTranslation();
  const m = useConfigMarkers().get(serverId);
  if (!m) return null;
  return (
    <>
      {m.pending && <span className="tree-marker pending" title={t('rollback.pendingTree')}><Icon icon="time" size={12} /><span className="sr-only">, {t('rollback.pendingTree')}</span></span>}
      {m.rolledBack !== null && <span className="tree-marker rolled-back" title={t('rollback.rolledBackTree')}><Icon icon="undo" size={12} /><span className="sr-only">, {t('rollback.rolledBackTree')}</span></span>}
    </>
  );
}
