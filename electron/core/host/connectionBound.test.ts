import { describe, expect, it } from 'vitest';
import { linksToClose, type LiveLink } from './connectionBound';

const link = (id: string, lastUsed: number, pinned = false): LiveLink => ({ id, lastUsed, pinned });

describe('linksToClose (the live-connection bound)', () => {
  it('closes nothing while one more fits', () => {
    expect(linksToClose([link('a', 1), link('b', 2)], 3)).toEqual([]);
    expect(linksToClose([], 1)).toEqual([]);
  });

  it('closes the least recently used idle link when the bound is reached', () => {
    expect(linksToClose([link('a', 5), link('b', 2), link('c', 9)], 3)).toEqual(['b']);
  });

  it('skips pinned links (a terminal open, still connecting) even when they are the oldest', () => {
    expect(linksToClose([link('a', 1, true), link('b', 2), link('c', 3)], 3)).toEqual(['b']);
  });

  it('closes as many as needed when the bound was lowered', () => {
    expect(linksToClose([link('a', 4), link('b', 1), link('c', 3), link('d', 2)], 2)).toEqual(['b', 'd', 'c']);
  });

  it('says there is no room when only pinned links fill the bound', () => {
    expect(linksToClose([link('a', 1, true), link('b', 2, true)], 2)).toBeNull();
  });
});
