import { useMemo } from 'react';
import { Callout, Intent, Tag } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import type { ConfigSnapshot } from '@shared/model/snapshot';
import { GatewaysPage } from '../gateways/GatewaysPage';
import { editorDialog } from '../gateways/editorDialog';
import { endpointColumns } from './endpointColumns';
import { ENDPOINT_CSV } from './endpointCsv';
import { EndpointDialog, newEndpoint } from './EndpointDialog';
import { useEndpointRegistrations } from './useEndpointRegistrations';
import { FailureNote } from '../util/FailureDetails';

const items = (s: ConfigSnapshot) => s.endpoints;
const dialog = editorDialog('endpoints', EndpointDialog, newEndpoint);

const WORDS = { search: 'ep.search', count: 'ep.count', deleteConfirm: 'ep.deleteConfirm', deleteQuestion: 'ep.deleteQuestion', addFirst: 'ep.addFirst' };

/** Endpoints (phones and terminals that register): the gateway table's tools, with each account's registration. */
export function EndpointsPage({ serverId, serverName }: { serverId: string; serverName: string }) {
  const { t } = useTranslation();
  const { regs, error } = useEndpointRegistrations(serverId);
  const columns = useMemo(() => endpointColumns(t, regs), [t, regs]);
  const extra = regs && (
    <>
      <Tag minimal round intent="success">{t('ep.registeredCount', { count: regs.byAor.size })}</Tag>
      {regs.read < regs.total && <Tag minimal intent="warning">{t('ep.tooMany', { count: regs.read })}</Tag>}
    </>
  );
  return (
    <GatewaysPage
      serverId={serverId}
      serverName={serverName}
      collection="endpoints"
      items={items}
      columns={columns}
      csv={ENDPOINT_CSV}
      emptyTitle={t('ep.emptyTitle')}
      emptyText={t('ep.emptyText')}
      title={t('modules.endpoints')}
      words={WORDS}
      tools={false}
      extra={extra}
      notice={error && <Callout intent={Intent.WARNING}><FailureNote failure={error} lead={(text) => t('ep.readError', { error: text })} /></Callout>}
      dialog={dialog}
    />
  );
}
