import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConfigSnapshot } from '@shared/model/snapshot';
import { mappingColumns } from './columns';
import { MAPPING_CSV } from './csv/mappingCsv';
import { GatewaysPage } from './GatewaysPage';
import { editorDialog } from './editorDialog';
import { useGatewayStatus } from './useGatewayStatus';
import { newMappingGateway, MappingGatewayDialog } from './MappingGatewayDialog';

const items = (s: ConfigSnapshot) => s.mappingGateways;
const dialog = editorDialog('mappingGateways', MappingGatewayDialog, newMappingGateway);

export function MappingGatewaysPage({ serverId, serverName }: { serverId: string; serverName: string }) {
  const { t } = useTranslation();
  const status = useGatewayStatus(serverId);
  const columns = useMemo(() => mappingColumns(t, status), [t, status]);
  return (
    <GatewaysPage
      serverId={serverId}
      serverName={serverName}
      collection="mappingGateways"
      items={items}
      columns={columns}
      csv={MAPPING_CSV}
      emptyTitle={t('dense.gw.emptyTitleMapping')}
      emptyText={t('dense.gw.emptyMapping')}
      title={t('modules.mapping')}
      dialog={dialog}
    />
  );
}
