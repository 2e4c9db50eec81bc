import { describe, expect, it } from 'vitest';
import { defaultDataDir } from './dataDir';

describe('defaultDataDir', () => {
  it('uses an absolute XDG_DATA_HOME, else ~/.local/share', () => {
    expect(defaultDataDir({ XDG_DATA_HOME: '/x/data' }, '/home/u')).toBe('/x/data/switchdeck');
    expect(defaultDataDir({ XDG_DATA_HOME: 'relative' }, '/home/u')).toBe('/home/u/.local/share/switchdeck');
    expect(defaultDataDir({}, '/home/u')).toBe('/home/u/.local/share/switchdeck');
  });
});
