import { useCallback, useEffect, useRef } from 'react';
import { useServers } from '../servers/ServersContext';
import type { ThemePref } from '../theme/useTheme';
import { MonitorLauncherProvider } from '../monitor/MonitorLauncher';
import { TraceLauncherProvider } from '../trace/TraceLauncher';
import { NavTree } from './NavTree';
import { ShortcutsHelp } from './ShortcutsHelp';
import { ToastArea } from '../util/toast';
import { StatusBar } from './StatusBar';
import { TabArea } from './TabArea';
import { pruneTabs } from './tabs';
import { useLayout } from './useLayout';

/** Navigation tree on the left, tabbed work area on the right, toasts (when any) and the status bar below. */
export function Workspace({ theme, onTheme }: { theme: ThemePref; onTheme: (p: ThemePref) => void }) {
  const api = useLayout();
  const { servers, loaded, error } = useServers();
  const { setTabs, setNavWidth, open } = api;
  const openTraceTab = useCallback((serverId: string) => open({ kind: 'server', serverId, module: 'trace', instance: 1 }), [open]);
  const openMonitorTab = useCallback((serverId: string) => open({ kind: 'server', serverId, module: 'monitor', instance: 1 }), [open]);
  const drag = useRef<{ x: number; w: number } | null>(null);

  useEffect(() => {
    // Only prune against a real list: a failed load must not close the user's tabs.
    if (loaded && error === null) setTabs((s) => pruneTabs(s, new Set(servers.map((x) => x.id))));
  }, [servers, loaded, error, setTabs]);

  const onDown = (e: React.PointerEvent) => {
    drag.current = { x: e.clientX, w: api.layout.navWidth };
    (e.target as HTMLElement).setPointerCapture(e.pointerId);
  };
  const onMove = (e: React.PointerEvent) => {
    if (drag.current) setNavWidth(drag.current.w + e.clientX - drag.current.x);
  };

  return (
    <div className="workspace" style={{ gridTemplateColumns: `${api.layout.navWidth}px 4px 1fr` }}>
      <TraceLauncherProvider openTab={openTraceTab}>
        <MonitorLauncherProvider openTab={openMonitorTab}>
        <NavTree api={api} />
        <div className="splitter" role="separator" aria-orientation="vertical" onPointerDown={onDown} onPointerMove={onMove} onPointerUp={() => (drag.current = null)} />
        <TabArea api={api} />
        </MonitorLauncherProvider>
      </TraceLauncherProvider>
      <ShortcutsHelp />
      <ToastArea />
      <StatusBar theme={theme} onTheme={onTheme} onOpenAlerts={(serverId) => serverId && api.open({ kind: 'server', serverId, module: 'alerts', instance: 1 })} />
    </div>
  );
}
