// Fills the hand-written baseline cfg (handwritten.kamailio.cfg) from the settings the load rig
// renders the generated cfg with, so both run with the same addresses, paths, workers, receive
// buffer and rtpengine timeouts: the comparison is about the script alone.
import { readFileSync } from 'node:fs';
import type { KamailioSettings } from '../../switch-agent/src/engine/kamailio/renderCfg';
import { listenList } from '../../switch-agent/src/engine/kamailio/cfgListen';

/** The template's text; `npm run bench` runs from dist/bench, two levels below the repository. */
export function handwrittenTemplate(): string {
  return readFileSync(new URL('../../bench/support/handwritten.kamailio.cfg', import.meta.url), 'utf8');
}

export function fillHandwrittenCfg(template: string, s: KamailioSettings): string {
  const listen = listenList(s.listen);
  if (listen.length !== 1 || (listen[0]!.transport ?? 'udp') !== 'udp') throw new Error('hand-written baseline: it listens on exactly one UDP address');
  if (s.receiveBufferBytes === undefined) throw new Error('hand-written baseline: needs the sized receive buffer (receiveBufferBytes)');
  const values: Record<string, string | number> = {
    CHILDREN: s.udpWorkers,
    MAXBUFFER: s.receiveBufferBytes,
    RUNDIR: s.paths.rundir,
    LISTEN_IP: listen[0]!.address,
    LISTEN_PORT: listen[0]!.port,
    RPC_FIFO: s.paths.rpcFifo,
    RPC_REPLY_DIR: s.paths.rpcReplyDir,
    CONFIG_DB: s.paths.configDb,
    CDR_DIR: s.paths.cdrDir,
    NG_IP: s.rtpengine.ngAddress,
    NG_PORT: s.rtpengine.ngPort,
    // The defaults renderCfg applies when the sizing leaves them out.
    RTPENGINE_TIMEOUT_MS: s.rtpengine.timeoutMs ?? 1000,
    RTPENGINE_TRIES: s.rtpengine.tries ?? 2,
  };
  const out = template.replace(/\{\{([A-Z_]+)\}\}/g, (_, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`hand-written baseline: no value for {{${name}}}`);
    return String(v);
  });
  return out;
}
