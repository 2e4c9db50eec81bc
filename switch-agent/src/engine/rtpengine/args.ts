// Command line for a userspace rtpengine the agent supervises. `--config-file=none`: otherwise
// it loads /etc/rtpengine/rtpengine.conf (kernel table 0, recording); `--table=-1`: no kernel
// forwarding module; ng control only on loopback.
import { checkInt, checkIPv4 } from '../kamailio/validate';

export interface RtpengineArgsInput {
  /** Address media is anchored on (and written into SDP). */
  interface: string;
  ngHost: string;
  ngPort: number;
  portMin: number;
  portMax: number;
  /** Worker threads (`--num-threads`); absent or 0 = rtpengine's default, one per core. */
  threads?: number;
  /** Seconds a deleted call keeps its ports (`--delete-delay`); absent = rtpengine's 30 s. */
  deleteDelaySec?: number;
  /** syslog level of what it prints (`--log-level`, 0–7); absent = rtpengine's 6 (info). */
  logLevel?: number;
}

export function rtpengineArgs(i: RtpengineArgsInput): string[] {
  const min = checkInt('rtpengine.portMin', i.portMin, 1024, 65535);
  const max = checkInt('rtpengine.portMax', i.portMax, 1024, 65535);
  if (min >= max) throw new Error('rtpengine.portMin: must be below rtpengine.portMax');
  return [
    '--config-file=none',
    '--table=-1',
    '--foreground',
    '--log-stderr',
    `--interface=${checkIPv4('rtpengine.interface', i.interface)}`,
    `--listen-ng=${checkIPv4('rtpengine.ngHost', i.ngHost)}:${checkInt('rtpengine.ngPort', i.ngPort, 1, 65535)}`,
    `--port-min=${min}`,
    `--port-max=${max}`,
    ...(i.deleteDelaySec === undefined ? [] : [`--delete-delay=${checkInt('rtpengine.deleteDelaySec', i.deleteDelaySec, 0, 3600)}`]),
    ...(i.threads ? [`--num-threads=${checkInt('rtpengine.threads', i.threads, 1, 256)}`] : []),
    ...(i.logLevel === undefined ? [] : [`--log-level=${checkInt('rtpengine.logLevel', i.logLevel, 0, 7)}`]),
  ];
}
