// The supervisor's view checked against reality: a 'running' Kamailio must answer `core.psx` on
// the FIFO with the main pid the driver started (a leftover instance answering would be caught),
// and a 'running' rtpengine must answer an ng ping.
import type { KamailioRpcClient } from './kamailio/rpcClient';
import type { EngineStatus, ProcessName, ProcessStatus } from './types';

/** A status whose process does not answer its control channel is not 'running', whatever the supervisor believes. */
function notAnswering(s: ProcessStatus, r: PromiseSettledResult<unknown>, channel: string): ProcessStatus {
  if (r.status === 'fulfilled') return s;
  const why = r.reason instanceof Error ? r.reason.message : String(r.reason);
  return { ...s, state: 'failed', lastError: `pid ${String(s.pid)} does not answer on its ${channel}: ${why}` };
}

async function probeKamailio(rpc: () => Promise<KamailioRpcClient>, pid: number | null): Promise<void> {
  const procs = await (await rpc()).call('core.psx', [], 1000);
  const main = Array.isArray(procs) ? (procs as { IDX?: unknown; PID?: unknown }[]).find((p) => p.IDX === 0) : undefined;
  if (main?.PID !== pid) throw new Error(`the FIFO is answered by kamailio pid ${String(main?.PID)}, not by the one this agent started`);
}

export async function probeEngines(s: EngineStatus, rpc: () => Promise<KamailioRpcClient>, ngPing: () => Promise<unknown>): Promise<EngineStatus> {
  const [k, r] = await Promise.allSettled([
    s.kamailio.state === 'running' ? probeKamailio(rpc, s.kamailio.pid) : Promise.resolve(),
    s.rtpengine.state === 'running' ? ngPing() : Promise.resolve(),
  ]);
  return { kamailio: notAnswering(s.kamailio, k, 'control FIFO'), rtpengine: notAnswering(s.rtpengine, r, 'ng control port') };
}

/** A probed status as health: ok when both engines answer, and a line naming each. */
export function engineHealth(s: EngineStatus): { ok: boolean; detail: string } {
  const part = (name: ProcessName) => (s[name].state === 'running' ? `${name} ok` : `${name} not answering (${s[name].lastError ?? s[name].state})`);
  return { ok: s.kamailio.state === 'running' && s.rtpengine.state === 'running', detail: `${part('kamailio')}; ${part('rtpengine')}` };
}
