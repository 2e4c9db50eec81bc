import { ListenersPanel } from './ListenersPanel';
import { TlsPanel } from './TlsPanel';

/** One server's network settings: where SIP is listened for (and, later, its firewall). */
export function NetworkPage({ serverId, serverName }: { serverId: string; serverName: string }) {
  return (
    <div className="page network-page">
      <ListenersPanel serverId={serverId} serverName={serverName} />
      <TlsPanel serverId={serverId} />
    </div>
  );
}
