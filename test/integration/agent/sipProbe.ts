// Probes from an unknown source: a bare INVITE (the engine tests already build OPTIONS) and
// sipvicious `svmap`, bound to that source address, run as a scanner would.
import { run } from '../engine/procs';

export function bareInvite(from: string, localPort: number, to: { host: string; port: number }, tag: string): string {
  return [
    `INVITE sip:100200300@${to.host}:${to.port} SIP/2.0`,
    `Via: SIP/2.0/UDP ${from}:${localPort};branch=z9hG4bK-${tag}`,
    `From: <sip:scanner@${from}>;tag=${tag}`,
    `To: <sip:100200300@${to.host}>`,
    `Call-ID: ${tag}@${from}`,
    'CSeq: 1 INVITE',
    `Contact: <sip:scanner@${from}:${localPort}>`,
    'Max-Forwards: 70',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

/**
 * Runs `svmap` from `source` against the SIP port and says whether it listed the server.
 * HOME points into `dir` so that svmap keeps its session files there. Never `-R` (it reports
 * to a remote host).
 */
export async function svmapFinds(source: string, target: { host: string; port: number }, dir: string): Promise<{ found: boolean; ms: number; output: string }> {
  // `run` spawns synchronously, so the child inherits HOME=dir and ours is restored at once.
  const prevHome = process.env.HOME;
  process.env.HOME = dir;
  const pending = run('svmap', ['-b', source, '-x', source, '-p', String(target.port), target.host], dir, 20_000);
  if (prevHome === undefined) delete process.env.HOME;
  else process.env.HOME = prevHome;
  const r = await pending;
  return { found: r.output.includes(`${target.host}:${target.port}`), ms: r.ms, output: r.output };
}
