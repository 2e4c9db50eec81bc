import { z } from 'zod';

/** The work-area screens a server offers; "terminal" may be open several times per server. */
export const SERVER_MODULES = ['params', 'routing', 'mapping', 'endpoints', 'drafts', 'history', 'monitor', 'calls', 'registrations', 'firewall', 'cdr', 'trace', 'alerts', 'network', 'terminal'] as const;
export type ServerModule = (typeof SERVER_MODULES)[number];

/** Modules the VOS3000 client has that Switchdeck does not offer yet: shown disabled, never faked. */
export const FUTURE_MODULES: readonly string[] = [];

export const TabSpecSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fleet') }),
  z.object({ kind: z.literal('server'), serverId: z.string(), module: z.enum(SERVER_MODULES), instance: z.number().int().min(1) }),
]);
export type TabSpec = z.infer<typeof TabSpecSchema>;

export const TabsStateSchema = z.object({ tabs: z.array(TabSpecSchema), activeId: z.string().nullable() });
export type TabsState = z.infer<typeof TabsStateSchema>;

export function tabId(spec: TabSpec): string {
  if (spec.kind === 'fleet') return 'fleet';
  return spec.module === 'terminal' ? `${spec.serverId}:terminal:${spec.instance}` : `${spec.serverId}:${spec.module}`;
}

export const INITIAL_TABS: TabsState = { tabs: [{ kind: 'fleet' }], activeId: 'fleet' };

/** Opens a tab or focuses the one already open; terminals always open a new one (several shells per server). */
export function openTab(state: TabsState, spec: TabSpec): TabsState {
  let target = spec;
  if (spec.kind === 'server' && spec.module === 'terminal') {
    const used = state.tabs.filter((t) => t.kind === 'server' && t.serverId === spec.serverId && t.module === 'terminal');
    const instance = used.reduce((max, t) => (t.kind === 'server' ? Math.max(max, t.instance) : max), 0) + 1;
    target = { ...spec, instance };
  }
  const id = tabId(target);
  if (state.tabs.some((t) => tabId(t) === id)) return { ...state, activeId: id };
  return { tabs: [...state.tabs, target], activeId: id };
}

/** Closes a tab; the neighbour to its left (or right for the first) becomes active. */
export function closeTab(state: TabsState, id: string): TabsState {
  const index = state.tabs.findIndex((t) => tabId(t) === id);
  if (index < 0) return state;
  const tabs = state.tabs.filter((_, i) => i !== index);
  if (state.activeId !== id) return { tabs, activeId: state.activeId };
  const next = tabs[Math.max(0, index - 1)];
  return { tabs, activeId: next ? tabId(next) : null };
}

/** Drops tabs of servers that no longer exist (removed elsewhere, or an old layout). */
export function pruneTabs(state: TabsState, serverIds: ReadonlySet<string>): TabsState {
  const tabs = state.tabs.filter((t) => t.kind === 'fleet' || serverIds.has(t.serverId));
  const activeOk = tabs.some((t) => tabId(t) === state.activeId);
  const first = tabs[0];
  return { tabs, activeId: activeOk ? state.activeId : first ? tabId(first) : null };
}

/** What survives a restart: terminal sessions cannot be resumed, so their tabs are not kept. */
export function persistableTabs(state: TabsState): TabsState {
  const tabs = state.tabs.filter((t) => !(t.kind === 'server' && t.module === 'terminal'));
  const activeOk = tabs.some((t) => tabId(t) === state.activeId);
  return { tabs, activeId: activeOk ? state.activeId : (tabs[0] ? tabId(tabs[0]) : null) };
}
