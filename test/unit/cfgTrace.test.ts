import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countActions, traced } from '../../bench/support/cfgTrace';
import { fillHandwrittenCfg, handwrittenTemplate } from '../../bench/support/handwrittenCfg';

// Lines as Kamailio 5.6 writes them with -E and the log_prefix traced() sets.
const line = (pid: number, prefix: string, route: string, n: string) =>
  ` 1(${pid}) ERROR: ${prefix}*** cfgtrace:dbg_cfg_trace(): ${route} c=[/tmp/x/kamailio.cfg] l=12 a=16 n=${n}`;

describe('cfg trace count (bench/support/cfgTrace.ts)', () => {
  it('counts a receiver\'s actions by message and route, and other processes\' apart', () => {
    const log = [
      line(10, '{SDMSG 1 <null> INVITE SDEND} ', 'request_route=[DEFAULT_ROUTE]', 'if'),
      line(10, '{SDMSG 1 <null> INVITE SDEND} ', 'request_route=[RELAY]', 't_relay'),
      line(10, '{SDMSG 1 <null> INVITE SDEND} ', 'branch_route=[OFFER]', 'rtpengine_offer'),
      'unrelated line',
      line(10, '{SDMSG 2 180 INVITE SDEND} ', 'onreply_route=[REPLY]', 'if'),
      line(10, '{SDMSG 2 200 INVITE SDEND} ', 'onreply_route=[REPLY]', 'if'),
      line(10, '{SDMSG 2 200 INVITE SDEND} ', 'onreply_route=[REPLY]', 'rtpengine_answer'),
      line(11, '', 'request_route=[TICK]', 'assign'),
      line(10, '{SDMSG 1 <null> BYE SDEND} ', 'request_route=[DEFAULT_ROUTE]', 'if'),
      line(10, '{SDMSG 1 <null> BYE SDEND} ', 'local_route=[dialog:end]', 'assign'),
    ].join('\n');
    const c = countActions(log, new Set(['10']));
    expect(c.total).toBe(8);
    expect([...c.actionsByMessage]).toEqual([['req INVITE', 3], ['rep 180 INVITE', 1], ['rep 200 INVITE', 2], ['req BYE', 2]]);
    expect([...c.perMessage]).toEqual([['req INVITE', 1], ['rep 180 INVITE', 1], ['rep 200 INVITE', 1], ['req BYE', 1]]);
    expect(c.byRoute.get('request_route=[DEFAULT_ROUTE]')).toBe(2);
    expect([...c.timers]).toEqual([['request_route=[TICK]', 1]]);
  });

  it('puts the debugger and its own log_prefix in place of the cfg\'s', () => {
    const cfg = traced('debug=1\nlog_prefix="{$mt $ci} "\nloadmodule "tm.so"\n');
    expect(cfg).not.toContain('$mt $ci');
    expect(cfg.indexOf('loadmodule "debugger.so"')).toBeLessThan(cfg.indexOf('loadmodule "tm.so"'));
    expect(cfg).toContain('modparam("debugger", "cfgtrace", 1)');
  });

  it.skipIf(spawnSync('kamailio', ['-v'], { stdio: 'ignore' }).error !== undefined)('leaves a cfg that kamailio -c accepts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-cfgtrace-'));
    try {
      const cfg = traced(fillHandwrittenCfg(handwrittenTemplate(), {
        listen: { address: '127.0.0.1', port: 5060 }, udpWorkers: 1, receiveBufferBytes: 65536, logLevel: 1,
        paths: { rundir: dir, configDb: join(dir, 'e.sqlite'), cdrDir: dir, rpcFifo: join(dir, 'rpc.fifo'), rpcReplyDir: dir, ctlSocket: join(dir, 'ctl.sock') },
        rtpengine: { ngAddress: '127.0.0.1', ngPort: 2223 },
      } as Parameters<typeof fillHandwrittenCfg>[1]));
      writeFileSync(join(dir, 'k.cfg'), cfg);
      const r = spawnSync('kamailio', ['-c', '-f', join(dir, 'k.cfg')], { encoding: 'utf8' });
      expect(r.status, r.stderr.slice(-2000)).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
