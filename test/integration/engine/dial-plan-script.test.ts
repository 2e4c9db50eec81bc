// The dial plan interpreter of kamailio.cfg (cfgDialPlans.ts), run by a real Kamailio against the
// model's applyDialPlan on many generated plans and numbers: the engine must rewrite every number
// exactly as the UI preview says. Kamailio runs the cases once at start-up (htable:mod-init).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyDialPlan, type DialRule } from '@shared/model/dialPlan';
import { CFG_DIAL_PLAN_ROUTES } from '../../../switch-agent/src/engine/kamailio/cfgDialPlans';
import { encodeDialPlan } from '../../../switch-agent/src/engine/kamailio/dialPlanAttrs';
import { freeUdpPort, haveBinary, startGroup, stopGroup, waitFor } from './procs';

const missing = !haveBinary('kamailio');
if (missing && process.env.CI) throw new Error('the dial plan script test needs kamailio');

/** Deterministic generator (LCG), so a failure reproduces. */
function random(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

const ALPHABET = ['0', '0', '1', '2', '*', '#'];

function cases(seed: number, count: number): { plan: DialRule[]; number: string }[] {
  const r = random(seed);
  const digits = (max: number, plus: boolean) => (plus && r(4) === 0 ? '+' : '') + Array.from({ length: r(max + 1) }, () => ALPHABET[r(ALPHABET.length)]).join('');
  const bound = () => (r(3) === 0 ? 1 + r(8) : null);
  const out: { plan: DialRule[]; number: string }[] = [];
  for (let i = 0; i < count; i++) {
    const plan: DialRule[] = Array.from({ length: 1 + r(4) }, () => {
      let minLength = bound();
      let maxLength = bound();
      if (minLength !== null && maxLength !== null && minLength > maxLength) [minLength, maxLength] = [maxLength, minLength];
      const prefix = digits(3, true);
      const k = r(4);
      const action: DialRule['action'] = k === 0 ? { kind: 'keep' }
        : k === 1 ? { kind: 'strip', digits: 1 + r(5) }
        : k === 2 ? { kind: 'prepend', prefix: digits(3, true) || '9' }
        : { kind: 'replacePrefix', with: digits(3, true) };
      return { match: { prefix, minLength, maxLength }, action };
    });
    out.push({ plan, number: digits(9, true) });
  }
  return out;
}

describe.skipIf(missing)('dial plan interpreter in kamailio.cfg', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sd-dialplan-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('rewrites 400 generated numbers exactly as applyDialPlan does', async () => {
    const all: { plan: DialRule[]; number: string }[] = [
      // Edge cases first: empty plan, whole number stripped or replaced, a 100-rule plan.
      { plan: [], number: '123' },
      { plan: [{ match: { prefix: '', minLength: null, maxLength: null }, action: { kind: 'strip', digits: 5 } }], number: '123' },
      { plan: [{ match: { prefix: '12', minLength: null, maxLength: null }, action: { kind: 'replacePrefix', with: '' } }], number: '12' },
      { plan: [{ match: { prefix: '', minLength: null, maxLength: null }, action: { kind: 'prepend', prefix: '+1' } }], number: '' },
      {
        plan: [
          ...Array.from({ length: 99 }, (_, i): DialRule => ({ match: { prefix: String(7000 + i), minLength: null, maxLength: null }, action: { kind: 'keep' } })),
          { match: { prefix: '00', minLength: 6, maxLength: 20 }, action: { kind: 'replacePrefix', with: '+' } },
        ],
        number: '004420123',
      },
      ...cases(20261205, 395),
    ];
    const lines = all.map((c, i) => `\t$var(dp) = "${encodeDialPlan('plan', c.plan)}"; $var(dpn) = "${c.number}"; route(DIAL_PLAN); xlog("L_ERR", "DPT ${i} [$var(dpn)]\\n");`);
    const cfg = `#!KAMAILIO
debug=2
log_stderror=yes
fork=yes
children=1
listen=udp:127.0.0.1:${await freeUdpPort('127.0.0.1')}
rundir="${dir}"
loadmodule "pv.so"
loadmodule "xlog.so"
loadmodule "htable.so"
loadmodule "sl.so"
modparam("htable", "htable", "unused=>size=2;")
${CFG_DIAL_PLAN_ROUTES}
event_route[htable:mod-init] {
${lines.join('\n')}
	xlog("L_ERR", "DPT done\\n");
}
request_route {
	drop;
}
`;
    const file = join(dir, 'kamailio.cfg');
    writeFileSync(file, cfg);
    const k = startGroup('kamailio', ['-f', file, '-DD', '-E', '-P', join(dir, 'k.pid')], dir);
    let out = '';
    k.stderr?.on('data', (b: Buffer) => (out += b.toString()));
    try {
      await waitFor('the dial plan cases to run', 10_000, () => (out.includes('DPT done') || k.exitCode !== null ? true : undefined));
    } finally {
      await stopGroup(k);
    }
    const got = new Map([...out.matchAll(/DPT (\d+) \[([^\]\n]*)\]/g)].map((m) => [Number(m[1]), m[2]]));
    const mismatches = all
      .map((c, i) => ({ i, plan: encodeDialPlan('plan', c.plan), number: c.number, want: applyDialPlan(c.plan, c.number).number, got: got.get(i) }))
      .filter((x) => x.got !== x.want);
    expect(mismatches, out.slice(-2000)).toEqual([]);
  });
});
