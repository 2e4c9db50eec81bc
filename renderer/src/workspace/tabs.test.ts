import { describe, expect, it } from 'vitest';
import { INITIAL_TABS, closeTab, openTab, persistableTabs, pruneTabs, tabId } from './tabs';

describe('workspace tabs', () => {
  it('focuses an already open module instead of opening it twice', () => {
    const a = openTab(INITIAL_TABS, { kind: 'server', serverId: 's1', module: 'params', instance: 1 });
    const b = openTab(a, { kind: 'fleet' });
    const c = openTab(b, { kind: 'server', serverId: 's1', module: 'params', instance: 1 });
    expect(c.tabs).toHaveLength(2);
    expect(c.activeId).toBe('s1:params');
  });

  it('opens a new terminal each time, numbered per server', () => {
    let s = openTab(INITIAL_TABS, { kind: 'server', serverId: 's1', module: 'terminal', instance: 1 });
    s = openTab(s, { kind: 'server', serverId: 's1', module: 'terminal', instance: 1 });
    s = openTab(s, { kind: 'server', serverId: 's2', module: 'terminal', instance: 1 });
    expect(s.tabs.map(tabId)).toEqual(['fleet', 's1:terminal:1', 's1:terminal:2', 's2:terminal:1']);
    expect(persistableTabs(s).tabs.map(tabId)).toEqual(['fleet']);
    expect(persistableTabs(s).activeId).toBe('fleet');
  });

  it('activates the left neighbour when the active tab closes', () => {
    let s = openTab(INITIAL_TABS, { kind: 'server', serverId: 's1', module: 'params', instance: 1 });
    s = openTab(s, { kind: 'server', serverId: 's1', module: 'routing', instance: 1 });
    s = closeTab(s, 's1:routing');
    expect(s.activeId).toBe('s1:params');
    s = closeTab(s, 'fleet');
    expect(s.activeId).toBe('s1:params');
    expect(closeTab(s, 's1:params')).toEqual({ tabs: [], activeId: null });
  });

  it('prunes tabs of removed servers', () => {
    const s = openTab(INITIAL_TABS, { kind: 'server', serverId: 'gone', module: 'history', instance: 1 });
    expect(pruneTabs(s, new Set(['other']))).toEqual({ tabs: [{ kind: 'fleet' }], activeId: 'fleet' });
  });
});
