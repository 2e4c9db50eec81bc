import { describe, expect, it } from 'vitest';
import { CellError, formatDialPlan, parseAddress, parseBool, parseDialPlan, parseHostPort, parseIntList, splitList } from './cells';
import { protectFormula, unprotectFormula } from './format';

describe('CSV cell forms', () => {
  it('splits lists on spaces, semicolons and commas', () => {
    expect(splitList(' 0086; 0085,001  1 ')).toEqual(['0086', '0085', '001', '1']);
    expect(splitList('   ')).toEqual([]);
  });

  it('reads yes/no in the usual spellings and names what it expects', () => {
    expect([parseBool('Yes'), parseBool('0'), parseBool(' TRUE '), parseBool('off')]).toEqual([true, false, true, false]);
    expect(() => parseBool('maybe')).toThrow(new CellError('must be yes or no', 'yesNo'));
  });

  it('tells IPv6 literals from host:port', () => {
    expect(parseHostPort('10.0.0.1:5062')).toEqual({ host: '10.0.0.1', port: 5062 });
    expect(parseHostPort('2001:db8::1')).toEqual({ host: '2001:db8::1', port: null });
    expect(parseHostPort('[2001:db8::1]:5080')).toEqual({ host: '2001:db8::1', port: 5080 });
    expect(() => parseHostPort('sbc.example:x')).toThrow('sbc.example:x: the port must be a number');
    expect(parseAddress('sbc.example.net/TCP')).toEqual({ host: 'sbc.example.net', port: 5060, transport: 'tcp' });
  });

  it('reads dial plans in the exported form and rejects other text by rule number', () => {
    const text = '0086{11-}>strip:4; {-8}>keep; 1>prepend:001; 00>replace:';
    const plan = parseDialPlan(text);
    expect(plan).toEqual([
      { match: { prefix: '0086', minLength: 11, maxLength: null }, action: { kind: 'strip', digits: 4 } },
      { match: { prefix: '', minLength: null, maxLength: 8 }, action: { kind: 'keep' } },
      { match: { prefix: '1', minLength: null, maxLength: null }, action: { kind: 'prepend', prefix: '001' } },
      { match: { prefix: '00', minLength: null, maxLength: null }, action: { kind: 'replacePrefix', with: '' } },
    ]);
    expect(formatDialPlan(plan as Parameters<typeof formatDialPlan>[0])).toBe(text);
    expect(() => parseDialPlan('1>keep; 2=>strip')).toThrow(/^rule 2 \(2=>strip\): must look like/);
  });

  it('names the bad item of a number list', () => {
    expect(() => parseIntList('486 5o3')).toThrow('item 2 (5o3): must be a whole number');
  });

  it('guards spreadsheet formulas with exactly one removable apostrophe', () => {
    for (const s of ['=1+1', '+86', "'=x", "''@y", 'plain', "'quoted"]) expect(unprotectFormula(protectFormula(s))).toBe(s);
    expect(protectFormula('-5')).toBe("'-5");
    expect(protectFormula("'plain")).toBe("'plain");
  });
});
