// Two network namespaces joined by a veth pair, created and removed by the test: the firewall
// under test runs nft only inside `server`, never on the machine's own ruleset.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SERVER_IP = '10.99.0.1';
/** The server's IPv6 (ULA) address; client IPv6 addresses are in fd00:99::/64 too. */
export const SERVER_IP6 = 'fd00:99::1';

const isV6 = (a: string) => a.includes(':');
const serverFor = (from: string) => (isV6(from) ? SERVER_IP6 : SERVER_IP);

export interface NetnsPair {
  server: string;
  client: string;
  /** Runs a command inside a namespace and returns its stdout. */
  exec(ns: string, cmd: string[], input?: string): string;
  remove(): void;
}

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] });

/** `clientIps`: addresses the client namespace sends from, IPv4 (a.b.c.d, in /24) or IPv6 (in fd00:99::/64). */
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
    // nodad: usable at once, instead of after IPv6 duplicate address detection (about 2 s).
    ip('-n', server, 'addr', 'add', `${SERVER_IP6}/64`, 'dev', vs, 'nodad');
    for (const a of clientIps) ip('-n', client, 'addr', 'add', isV6(a) ? `${a}/64` : `${a}/24`, 'dev', vc, ...(isV6(a) ? ['nodad'] : []));
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

/**
 * A UDP echo server on `port` of every address, IPv4 and IPv6, inside `ns` (stands for the SIP
 * socket: the firewall works on ports), and a TCP listener on the same port (SIP over TCP / TLS).
 */
export function startEcho(dir: string, ns: string, port: number): ChildProcess {
  const file = join(dir, 'echo.cjs');
  writeFileSync(
    file,
    `const s=require('dgram').createSocket({type:'udp6',ipv6Only:false});s.on('message',(m,r)=>s.send(m,r.port,r.address));s.bind(${port},'::',()=>process.stdout.write('ready\\n'));` +
      `require('net').createServer((c)=>c.pipe(c)).listen(${port},'::');`,
  );
  return spawn('ip', ['netns', 'exec', ns, process.execPath, file], { stdio: ['ignore', 'pipe', 'inherit'] });
}

/** Sends `count` datagrams from `from` inside the client namespace to the server's address of the same family; returns how many came back. */
export function echoes(pair: NetnsPair, dir: string, from: string, port: number, count: number): number {
  const file = join(dir, 'send.cjs');
  writeFileSync(
    file,
    `const [from,port,count,to]=process.argv.slice(2);const s=require('dgram').createSocket(to.includes(':')?'udp6':'udp4');let got=0;s.on('message',()=>got++);` +
      `s.bind(0,from,()=>{for(let i=0;i<+count;i++)s.send('OPTIONS '+i,+port,to);setTimeout(()=>{process.stdout.write(String(got));s.close();},600);});`,
  );
  return Number(pair.exec(pair.client, [process.execPath, file, from, String(port), String(count), serverFor(from)]));
}

/** Whether a TCP connection from `from` inside the client namespace to the server's `port` is accepted within 1.5 s. */
export function tcpConnects(pair: NetnsPair, dir: string, from: string, port: number): boolean {
  const file = join(dir, 'tcp-connect.cjs');
  writeFileSync(
    file,
    `const [from,port,to]=process.argv.slice(2);const s=require('net').connect({host:to,port:+port,localAddress:from});` +
      `const t=setTimeout(()=>{process.stdout.write('no');process.exit(0)},1500);s.on('connect',()=>{clearTimeout(t);process.stdout.write('yes');process.exit(0)});s.on('error',()=>{clearTimeout(t);process.stdout.write('no');process.exit(0)});`,
  );
  return pair.exec(pair.client, [process.execPath, file, from, String(port), serverFor(from)]) === 'yes';
}

/** A real OpenSSH sshd on SERVER_IP6 and SERVER_IP, port `port`, inside `ns` (own host key and config in `dir`), started detached so its session children go with it. */
export async function startSshdIn(ns: string, dir: string, port: number): Promise<ChildProcess> {
  const key = join(dir, 'host_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key], { stdio: 'ignore' });
  const cfg = join(dir, 'sshd_config');
  writeFileSync(cfg, [`Port ${port}`, `ListenAddress ${SERVER_IP6}`, `ListenAddress ${SERVER_IP}`, `HostKey ${key}`, `PidFile ${join(dir, 'sshd.pid')}`, 'UsePAM no', 'PasswordAuthentication no', 'LogLevel VERBOSE', ''].join('\n'), { mode: 0o600 });
  const child = spawn('ip', ['netns', 'exec', ns, '/usr/sbin/sshd', '-D', '-e', '-f', cfg], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let err = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sshd did not start within 10 s:\n${err}`)), 10_000);
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes(`Server listening on ${SERVER_IP6} port ${port}`) && err.includes(`Server listening on ${SERVER_IP} port ${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sshd exited with ${String(code)}:\n${err}`));
    });
  });
  return child;
}

/**
 * An SSH client's TCP connection from `from` inside the client namespace: resolves true once
 * sshd's banner arrives, false when none came within 2 s. `hold` keeps the connection open (an
 * SSH session in progress) until the returned process is killed.
 */
export function sshBanner(pair: NetnsPair, dir: string, from: string, port: number, hold = false): { banner: Promise<boolean>; proc: ChildProcess } {
  const file = join(dir, 'ssh-client.cjs');
  writeFileSync(
    file,
    `const [from,port,hold,to]=process.argv.slice(2);const s=require('net').connect({host:to,port:+port,localAddress:from});` +
      `const t=setTimeout(()=>{process.stdout.write('none\\n');process.exit(0)},2000);` +
      `s.on('error',()=>{clearTimeout(t);process.stdout.write('none\\n');process.exit(0)});` +
      `s.once('data',(d)=>{clearTimeout(t);process.stdout.write(String(d).startsWith('SSH-')?'banner\\n':'other\\n');if(hold!=='1')process.exit(0)});`,
  );
  const proc = spawn('ip', ['netns', 'exec', pair.client, process.execPath, file, from, String(port), hold ? '1' : '0', serverFor(from)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const banner = new Promise<boolean>((resolve) => {
    let out = '';
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.startsWith('banner'));
    });
    proc.once('exit', () => resolve(out.startsWith('banner')));
  });
  return { banner, proc };
}

/** One SIP request for sipFrom: an OPTIONS, or a REGISTER of `user` without credentials. */
export interface SipAsk {
  method: 'OPTIONS' | 'REGISTER';
  user: string;
}

/**
 * Sends SIP requests one after another from `from` inside the client namespace to SERVER_IP:port,
 * each on a new Call-ID, and returns each one's reply code ('none' when nothing came within
 * `waitMs`). A REGISTER carries no credentials, so it is challenged or refused, never registered.
 */
export function sipFrom(pair: NetnsPair, dir: string, from: string, port: number, asks: readonly SipAsk[], waitMs = 800): (number | 'none')[] {
  const file = join(dir, 'sip-from.cjs');
  writeFileSync(
    file,
    `const [from,port,to,waitMs,asks]=process.argv.slice(2);const s=require('dgram').createSocket('udp4');const list=JSON.parse(asks);const codes=[];let reply=null;let cur='';` +
      `s.on('message',(m)=>{const c=/^SIP\\/2\\.0 (\\d{3})/.exec(String(m));if(c&&reply&&String(m).includes('Call-ID: '+cur))reply(+c[1]);});` +
      `const one=(a,i)=>new Promise((res)=>{const tag=Math.random().toString(36).slice(2)+i;cur=tag+'@'+from;const lp=s.address().port;` +
      `const t=setTimeout(()=>{reply=null;res('none')},+waitMs);reply=(c)=>{clearTimeout(t);reply=null;res(c)};` +
      `const ruri=a.method==='REGISTER'?'sip:'+to:'sip:ping@'+to+':'+port;const aor='<sip:'+a.user+'@'+to+'>';` +
      `s.send([a.method+' '+ruri+' SIP/2.0','Via: SIP/2.0/UDP '+from+':'+lp+';branch=z9hG4bK-'+tag,'From: '+aor+';tag='+tag,'To: '+aor,'Call-ID: '+tag+'@'+from,'CSeq: 1 '+a.method,` +
      `'Contact: <sip:'+a.user+'@'+from+':'+lp+'>','Max-Forwards: 70','Content-Length: 0','',''].join('\\r\\n'),+port,to)});` +
      `s.bind(0,from,async()=>{for(let i=0;i<list.length;i++)codes.push(await one(list[i],i));process.stdout.write(JSON.stringify(codes));s.close();});`,
  );
  return JSON.parse(pair.exec(pair.client, [process.execPath, file, from, String(port), SERVER_IP, String(waitMs), JSON.stringify(asks)])) as (number | 'none')[];
}
