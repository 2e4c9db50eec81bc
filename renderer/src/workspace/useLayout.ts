import { useCallback, useEffect, useState } from 'react';
import { z } from 'zod';
import { loadStored, saveStored } from '../util/storage';
import { INITIAL_TABS, closeTab, openTab, persistableTabs, TabsStateSchema, type TabSpec, type TabsState } from './tabs';

const KEY = 'switchdeck.layout.v1';
const LayoutSchema = z.object({
  navWidth: z.number().min(180).max(600),
  tabs: TabsStateSchema,
  /** Tree nodes the user collapsed (groups) or expanded (servers). */
  collapsedGroups: z.array(z.string()),
  expandedServers: z.array(z.string()),
});
export type Layout = z.infer<typeof LayoutSchema>;

// 250 px holds the longest module name ("System parameters", indented) and leaves the tables room at 1280 px; the split is draggable and remembered.
const DEFAULT: Layout = { navWidth: 250, tabs: INITIAL_TABS, collapsedGroups: [], expandedServers: [] };

/** Navigation width, open tabs and tree expansion, remembered between sessions. */
export function useLayout() {
  const [layout, setLayout] = useState<Layout>(() => loadStored(KEY, LayoutSchema) ?? DEFAULT);
  useEffect(() => saveStored(KEY, { ...layout, tabs: persistableTabs(layout.tabs) }), [layout]);

  const setTabs = useCallback((f: (s: TabsState) => TabsState) => setLayout((l) => ({ ...l, tabs: f(l.tabs) })), []);
  return {
    layout,
    open: useCallback((spec: TabSpec) => setTabs((s) => openTab(s, spec)), [setTabs]),
    close: useCallback((id: string) => setTabs((s) => closeTab(s, id)), [setTabs]),
    activate: useCallback((id: string) => setTabs((s) => ({ ...s, activeId: id })), [setTabs]),
    setTabs,
    setNavWidth: useCallback((w: number) => setLayout((l) => ({ ...l, navWidth: Math.min(600, Math.max(180, Math.round(w))) })), []),
    toggleGroup: useCallback(
      (g: string) => setLayout((l) => ({ ...l, collapsedGroups: l.collapsedGroups.includes(g) ? l.collapsedGroups.filter((x) => x !== g) : [...l.collapsedGroups, g] })),
      [],
    ),
    toggleServer: useCallback(
      (id: string, open?: boolean) =>
        setLayout((l) => {
          const isOpen = l.expandedServers.includes(id);
          const want = open ?? !isOpen;
          if (want === isOpen) return l;
          return { ...l, expandedServers: want ? [...l.expandedServers, id] : l.expandedServers.filter((x) => x !== id) };
        }),
      [],
    ),
  };
}
export type LayoutApi = ReturnType<typeof useLayout>;
