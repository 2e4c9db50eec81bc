import { FirewallRulesPanel } from './FirewallRulesPanel';
import { ListenersPanel } from './ListenersPanel';
import { TlsPanel } from './TlsPanel';

/** One server's network settings: where SIP is listened for, and the firewall's rules. */
export function NetworkPage({ serverId, serverName }: { serverId: string; serverName: string }) {
  return (
    <div className="page network-page">
      <ListenersPanel serverId={serverId} serverName={serverName} />
      <FirewallRulesPanel serverId={serverId} />
      <TlsPanel serverId={serverId} />
    </div>
  );
}
