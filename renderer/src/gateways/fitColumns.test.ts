import { describe, expect, it } from 'vitest';
import { fitFactor, MIN_FIT } from './fitColumns';

describe('fitFactor', () => {
  it('leaves a table that fits, or a pane not measured yet, as it is', () => {
    expect(fitFactor(1000, 800)).toBe(1);
    expect(fitFactor(1000, 1000)).toBe(1);
    expect(fitFactor(0, 1400)).toBe(1);
  });
  it('narrows a wider table to the pane', () => {
    expect(fitFactor(980, 1372)).toBeCloseTo(980 / 1372);
  });
  it('never below the readable minimum: then the table scrolls sideways', () => {
    expect(fitFactor(300, 2000)).toBe(MIN_FIT);
  });
});
