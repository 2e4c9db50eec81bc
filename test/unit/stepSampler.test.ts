// The load bench's per-step account: CPU in the window calls were offered, gauge peaks, media
// Kamailio statistics, and the regexp its check calls match rtpengine's ports with.
import { describe, expect, it } from 'vitest';
import { gaugePeaks, windowCpu } from '../integration/engine/stepSampler';
import type { Sample } from '../integration/engine/stepSampler';
import { kamailioStat, portRefusals } from '../integration/engine/loadRig';
import { portRangeRegex } from '../../bench/support/callRecordCheck';

const sample = (at: number, cpu: Record<string, number>, busy: number, total: number, gauges: Record<string, number> = {}): Sample =>
  ({ at, cpu, machine: { busy, total }, gauges });

describe('step sampler', () => {
  it('takes CPU from the first to the last sample inside the window, not the whole run; a late component scaled to it', () => {
    const samples = [
      sample(0, { kamailio: 0 }, 0, 0),
      sample(250, { kamailio: 100 }, 40, 50),
      sample(750, { kamailio: 500, 'sipp-uac': 10 }, 140, 150),
      sample(1250, { kamailio: 1000, 'sipp-uac': 60 }, 230, 250),
      sample(6000, { kamailio: 1100 }, 300, 1200),
    ];
    const w = windowCpu(samples, 200, 2000);
    expect(w).toEqual({ ms: 1000, components: { kamailio: 900, 'sipp-uac': 100 }, machineBusy: 0.95 });
    expect(windowCpu(samples, 2000, 3000)).toBeUndefined();
  });

  it('keeps the highest value of each gauge', () => {
    expect(gaugePeaks([sample(0, {}, 0, 0, { ports: 4 }), sample(1, {}, 0, 0, { ports: 9, sessions: 2 }), sample(2, {}, 0, 0, { ports: 1 })])).toEqual({ ports: 9, sessions: 2 });
  });

  it('reads a one-statistic Kamailio answer', () => {
    expect(kamailioStat(['tmx:inuse_transactions = 37'])).toBe(37);
    expect(kamailioStat([])).toBeUndefined();
  });
});

describe('portRefusals', () => {
  it("tells rtpengine's empty pool from a port another process held (lines rtpengine 10.5 printed)", () => {
    const lines = [
      '[1796496588.443105] ERR: [x1]: [core] Failed to get 2 consecutive ports on interface 127.0.0.1 for media relay (last error: Success)',
      "[1796496588.443180] ERR: [x1]: [core] Failed to get 2 consecutive ports on all locals of logical 'default'",
      '[1796496580.982797] ERR: [x0]: [core] Failed to get 2 consecutive ports on interface 127.0.0.1 for media relay (last error: Address already in use)',
      '[1796496588.443456] ERR: [x2]: [core] Failed to get 2 consecutive ports on interface 127.0.0.1 for media relay (last error: Success)',
    ];
    expect(portRefusals(lines)).toEqual({ poolEmpty: 2, portTaken: 1 });
    expect(portRefusals([])).toEqual({ poolEmpty: 0, portTaken: 0 });
  });
});

describe('portRangeRegex', () => {
  it('matches exactly the ports of the range', () => {
    for (const [lo, hi] of [[1024, 32767], [61000, 65535], [30000, 30007], [9995, 10012]] as const) {
      const re = new RegExp(`^${portRangeRegex(lo, hi)}$`);
      for (let p = Math.max(0, lo - 1200); p <= Math.min(65535, hi + 1200); p++) {
        if (re.test(String(p)) !== (p >= lo && p <= hi)) throw new Error(`${lo}–${hi}: port ${p} ${re.test(String(p)) ? 'matched' : 'missed'}`);
      }
    }
    expect(portRangeRegex(1024, 1100)).toBe('(1024|1025|1026|1027|1028|1029|103[0-9]|104[0-9]|105[0-9]|106[0-9]|107[0-9]|108[0-9]|109[0-9]|1100)');
  });
});
