// Two network namespaces joined by a veth pair, created and removed by the test: the firewall
// under test runs nft only inside `server`, never on the machine's own ruleset.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SERVER_IP = '10.99.0.1';

export interface NetnsPair {
  server: string;
  client: string;
  /** Runs a command inside a namespace and returns its stdout. */
  exec(ns: string, cmd: string[], input?: string): string;
  remove(): void;
}

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] });

/** `clientIps`: addresses the client namespace sends from (first one is its own). */
export function createNetnsPair(tag: string, clientIps: readonly string[]): NetnsPair {
  const server = `sdfw-s-${tag}`;
  const client = `sdfw-c-${tag}`;
  const vs = `sdfs${tag}`.slice(0, 15);
  const vc = `sdfc${tag}`.slice(0, 15);
  ip('netns', 'add', server);
  ip('netns', 'add', client);
  const remove = () => {
    for (const ns of [server, client]) {
      try {
        ip('netns', 'del', ns);
      } catch {
        // already gone
      }
    }
  };
  try {
    ip('link', 'add', vs, 'type', 'veth', 'peer', 'name', vc);
    ip('link', 'set', vs, 'netns', server);
    ip('link', 'set', vc, 'netns', client);
    ip('-n', server, 'addr', 'add', `${SERVER_IP}/24`, 'dev', vs);
    for (const a of clientIps) ip('-n', client, 'addr', 'add', `${a}/24`, 'dev', vc);
    for (const [ns, dev] of [[server, vs], [client, vc]] as const) {
      ip('-n', ns, 'link', 'set', dev, 'up');
      ip('-n', ns, 'link', 'set', 'lo', 'up');
    }
  } catch (e) {
    remove();
    throw e;
  }
  return {
    server,
    client,
    exec: (ns, cmd, input) => execFileSync('ip', ['netns', 'exec', ns, ...cmd], { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }),
    remove,
  };
}

/** A UDP echo server on 0.0.0.0:port inside `ns` (stands for the SIP socket: the firewall works on ports). */
export function startEcho(dir: string, ns: string, port: number): ChildProcess {
  const file = join(dir, 'echo.cjs');
  writeFileSync(file, `const s=require('dgram').createSocket('udp4');s.on('message',(m,r)=>s.send(m,r.port,r.address));s.bind(${port},'0.0.0.0',()=>process.stdout.write('ready\\n'));`);
  return spawn('ip', ['netns', 'exec', ns, process.execPath, file], { stdio: ['ignore', 'pipe', 'inherit'] });
}

/** Sends `count` datagrams from `from` inside `ns` to SERVER_IP:port; resolves with how many came back. */
export function echoes(pair: NetnsPair, dir: string, from: string, port: number, count: number): number {
  const file = join(dir, 'send.cjs');
  writeFileSync(
    file,
    `const [from,port,count]=process.argv.slice(2);const s=require('dgram').createSocket('udp4');let got=0;s.on('message',()=>got++);` +
      `s.bind(0,from,()=>{for(let i=0;i<+count;i++)s.send('OPTIONS '+i,+port,'${SERVER_IP}');setTimeout(()=>{process.stdout.write(String(got));s.close();},600);});`,
  );
  return Number(pair.exec(pair.client, [process.execPath, file, from, String(port), String(count)]));
}
