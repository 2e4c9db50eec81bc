import { describe, expect, it } from 'vitest';
import { CALL_CONTROL_DEFAULTS, callControlVarValues, resendTimers } from './cfgCallControl';

describe('resendTimers', () => {
  it('follows the default list exactly: T1 0.5 s doubling up to T2 4 s', () => {
    expect(resendTimers([0.5, 1, 2, 4, 4, 4, 4, 4, 4, 4])).toEqual({ t1Ms: 500, t2Ms: 4000, exact: true });
    expect(resendTimers([0.25, 0.5, 1])).toEqual({ t1Ms: 250, t2Ms: 1000, exact: true });
  });

  it('approximates any other shape by its first and largest interval', () => {
    expect(resendTimers([1, 1, 1])).toEqual({ t1Ms: 1000, t2Ms: 1000, exact: true });
    expect(resendTimers([0.5, 3, 1])).toEqual({ t1Ms: 500, t2Ms: 3000, exact: false });
    expect(() => resendTimers([])).toThrow(/SS_SIP_RESEND_INTERVAL/);
  });
});

describe('callControlVarValues', () => {
  it('turns the defaults into cfg integers and names a bad field', () => {
    expect(callControlVarValues(CALL_CONTROL_DEFAULTS)).toMatchObject({ switchLimit: 0, stopSwitchAfterUserBusy: 1, resendT1Ms: 500 });
    expect(() => callControlVarValues({ ...CALL_CONTROL_DEFAULTS, switchLimit: 100 })).toThrow(/^params\.switchLimit: /);
    expect(() => callControlVarValues({ ...CALL_CONTROL_DEFAULTS, resendT2Ms: 100 })).toThrow(/^params\.resendT2Ms: /);
  });
});
