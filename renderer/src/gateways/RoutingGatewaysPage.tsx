import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConfigSnapshot } from '@shared/model/snapshot';
import { routingColumns } from './columns';
import { ROUTING_CSV } from './csv/routingCsv';
import { GatewaysPage } from './GatewaysPage';
import { editorDialog } from './editorDialog';
import { useGatewayStatus, useOutboundRegistrations } from './useGatewayStatus';
import { newRoutingGateway, RoutingGatewayDialog } from './RoutingGatewayDialog';

const items = (s: ConfigSnapshot) => s.routingGateways;
const dialog = editorDialog('routingGateways', RoutingGatewayDialog, newRoutingGateway);

export function RoutingGatewaysPage({ serverId, serverName }: { serverId: string; serverName: string }) {
  const { t } = useTranslation();
  const status = useGatewayStatus(serverId);
  const registrations = useOutboundRegistrations(serverId);
  const columns = useMemo(() => routingColumns(t, status, registrations), [t, status, registrations]);
  return (
    <GatewaysPage
      serverId={serverId}
      serverName={serverName}
      collection="routingGateways"
      items={items}
      columns={columns}
      csv={ROUTING_CSV}
      emptyTitle={t('dense.gw.emptyTitleRouting')}
      emptyText={t('dense.gw.emptyRouting')}
      title={t('modules.routing')}
      dialog={dialog}
    />
  );
}
