/**
 * rtpengine's media ports must lie outside the kernel's ephemeral port range
 * (/proc/sys/net/ipv4/ip_local_port_range): any socket on the host that binds port 0 or connects
 * without binding (Kamailio, the agent, sshd, a resolver) gets a port from that range, and when it
 * takes one inside the media range a call loses its RTP port. One load run collapsed that way.
 */
import { readFileSync } from 'node:fs';

export interface PortRange {
  min: number;
  max: number;
}

export const LOCAL_PORT_RANGE_FILE = '/proc/sys/net/ipv4/ip_local_port_range';

/** Parses the file's "32768\t60999" form; undefined when it is not two ports in order. */
export function parseLocalPortRange(text: string): PortRange | undefined {
  const m = /^\s*(\d+)\s+(\d+)\s*$/.exec(text);
  if (!m) return undefined;
  const min = Number(m[1]);
  const max = Number(m[2]);
  return min >= 1 && max <= 65535 && min <= max ? { min, max } : undefined;
}

/** The kernel's ephemeral range, or undefined where the file is missing or unreadable (not Linux). */
export function readLocalPortRange(file = LOCAL_PORT_RANGE_FILE): PortRange | undefined {
  try {
    return parseLocalPortRange(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Why the media range cannot be used next to this ephemeral range, naming both; null when they do not overlap. */
export function mediaRangeProblem(media: PortRange, ephemeral: PortRange): string | null {
  if (media.max < ephemeral.min || media.min > ephemeral.max) return null;
  return (
    `engine.rtpPortMin–rtpPortMax (${media.min}–${media.max}) overlaps the kernel's ephemeral port range ` +
    `(${ephemeral.min}–${ephemeral.max}, ${LOCAL_PORT_RANGE_FILE}): any socket on this host could take a media port. ` +
    `Choose media ports outside it (the default is 23000–32767), or move the ephemeral range with ` +
    `sysctl net.ipv4.ip_local_port_range`
  );
}

/** Start-up guard: throws (naming both ranges) when the configured media range overlaps the kernel's. */
export function assertMediaPortsOutsideEphemeral(media: PortRange, file = LOCAL_PORT_RANGE_FILE): void {
  const ephemeral = readLocalPortRange(file);
  const problem = ephemeral ? mediaRangeProblem(media, ephemeral) : null;
  if (problem) throw new Error(`switch-agent refuses to start: ${problem}`);
}
