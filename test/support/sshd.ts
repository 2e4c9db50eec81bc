/**
 * A throwaway OpenSSH sshd for integration tests: 127.0.0.1 on a free port, its own host keys,
 * config, authorized_keys and pid file in a temp folder, run in the foreground (`sshd -D -e`) as a
 * child of the test. It never touches /etc/ssh or the system sshd. Needs root (sshd switches to
 * the test user) and the openssh-server package; a local test user with a known password is
 * created if missing (idempotent).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SSHD = '/usr/sbin/sshd';

export const TEST_USER = 'switchdeck-sshtest';
export const TEST_PASSWORD = 'Sd-test-pw-42';
export const KEY_PASSPHRASE = 'correct horse battery staple';

export interface SshdOptions {
  /** AllowStreamLocalForwarding (default true). */
  readonly allowStreamLocal?: boolean;
  /** AllowTcpForwarding (default 'local', which streamlocal channels need too). */
  readonly allowTcpForwarding?: 'no' | 'local';
  /**
   * Keep keys and config in this folder across runs (the demo sandbox: the host key must stay the
   * same, or the app would rightly refuse it as changed). Default: a new temp folder, removed by stop().
   */
  readonly stateDir?: string;
  /** Listen on this port instead of a free one. */
  readonly port?: number;
  /** LoginGraceTime in seconds (default sshd's 120). */
  readonly loginGraceTimeSec?: number;
  /** The one login sshd allows (created if missing); default TEST_USER / TEST_PASSWORD. */
  readonly login?: { readonly name: string; readonly password: string };
}

export interface TestUser {
  readonly name: string;
  readonly password: string;
  readonly uid: number;
  readonly gid: number;
  readonly home: string;
}

/** Why the harness cannot run here, or null. */
export function sshdPrerequisiteProblem(): string | null {
  if (!existsSync(SSHD)) return `${SSHD} is missing: apt-get install -y --no-install-recommends openssh-server openssh-client`;
  if (process.getuid?.() !== 0) return 'the sshd test harness must run as root (sshd logs in a local test user)';
  return null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** Creates the test user if missing and (re)sets its password; retries while other workers hold /etc/passwd. */
export async function ensureTestUser(name = TEST_USER, password = TEST_PASSWORD): Promise<TestUser> {
  for (let i = 0; ; i++) {
    try {
      const found = await run('getent', ['passwd', name]).catch(() => null);
      if (!found) await run('useradd', ['--create-home', '--shell', '/bin/bash', name]);
      await new Promise<void>((resolve, reject) => {
        const p = spawn('chpasswd', [], { stdio: ['pipe', 'ignore', 'pipe'] });
        let err = '';
        p.stderr.on('data', (d: Buffer) => (err += d.toString()));
        p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`chpasswd failed: ${err}`))));
        p.stdin.end(`${name}:${password}\n`);
      });
      const { stdout } = await run('getent', ['passwd', name]);
      const [, , uid = '', gid = '', , home = ''] = stdout.trim().split(':');
      return { name, password, uid: Number(uid), gid: Number(gid), home };
    } catch (err) {
      if (i >= 10) throw err;
      await new Promise((r) => setTimeout(r, 200 + Math.random() * 300));
    }
  }
}

async function keygen(args: string[]): Promise<void> {
  await run('ssh-keygen', ['-q', ...args]);
}

/** Every descendant of pid (Linux /proc), so a restart also drops the per-connection sshd processes. */
async function descendants(pid: number): Promise<number[]> {
  const children = new Map<number, number[]>();
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (!Number.isFinite(ppid)) continue;
    children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

export class TestSshd {
  readonly host = '127.0.0.1';
  private child: ChildProcess | null = null;
  private stderr = '';

  private constructor(
    readonly dir: string,
    readonly port: number,
    readonly user: TestUser,
    private readonly opts: SshdOptions,
  ) {}

  static async start(opts: SshdOptions = {}): Promise<TestSshd> {
    const problem = sshdPrerequisiteProblem();
    if (problem) throw new Error(problem);
    const user = await ensureTestUser(opts.login?.name, opts.login?.password);
    const dir = opts.stateDir ?? (await mkdtemp(join(tmpdir(), 'switchdeck-sshd-')));
    await mkdir(dir, { recursive: true });
    // sshd reads authorized_keys as the user, so the folder must be traversable by it.
    await chmod(dir, 0o755);
    await mkdir('/run/sshd', { recursive: true, mode: 0o755 }); // sshd's privilege separation folder
    const sshd = new TestSshd(dir, opts.port ?? (await freePort()), user, opts);
    const reuse = opts.stateDir !== undefined && existsSync(join(dir, 'host_ed25519')) && existsSync(sshd.userKeyPath) && existsSync(sshd.encryptedKeyPath);
    if (!reuse) {
      await sshd.makeHostKeys();
      await rm(sshd.userKeyPath, { force: true });
      await rm(`${sshd.userKeyPath}.pub`, { force: true });
      await rm(sshd.encryptedKeyPath, { force: true });
      await rm(`${sshd.encryptedKeyPath}.pub`, { force: true });
      await keygen(['-t', 'ed25519', '-N', '', '-C', 'plain-test-key', '-f', sshd.userKeyPath]);
      await keygen(['-t', 'ed25519', '-N', KEY_PASSPHRASE, '-C', 'encrypted-test-key', '-f', sshd.encryptedKeyPath]);
    }
    const pubs = await Promise.all([readFile(`${sshd.userKeyPath}.pub`, 'utf8'), readFile(`${sshd.encryptedKeyPath}.pub`, 'utf8')]);
    await writeFile(join(dir, 'authorized_keys'), pubs.join(''), { mode: 0o644 });
    await sshd.writeConfig();
    await sshd.launch();
    return sshd;
  }

  get userKeyPath(): string {
    return join(this.dir, 'user_ed25519');
  }
  get encryptedKeyPath(): string {
    return join(this.dir, 'user_ed25519_encrypted');
  }
  hostKeyPubPath(type: 'ed25519' | 'rsa'): string {
    return join(this.dir, `host_${type}.pub`);
  }
  /** sshd's own messages so far (for failure diagnostics). */
  get log(): string {
    return this.stderr;
  }

  /** Fingerprint as `ssh-keygen -lf` prints it for the host key of that type. */
  async fingerprint(type: 'ed25519' | 'rsa'): Promise<string> {
    const { stdout } = await run('ssh-keygen', ['-lf', this.hostKeyPubPath(type)]);
    const fp = stdout.split(' ')[1];
    if (!fp?.startsWith('SHA256:')) throw new Error(`unexpected ssh-keygen -lf output: ${stdout}`);
    return fp;
  }

  /** Stops sshd and every connection it serves, then starts it again on the same port. */
  async restart(): Promise<void> {
    await this.kill();
    await this.launch();
  }

  /** Freezes (SIGSTOP) every open connection, as a dead network would; returns the function that thaws them. */
  async freezeConnections(): Promise<() => void> {
    const pid = this.child?.pid;
    if (!pid) throw new Error('sshd is not running');
    const frozen = await descendants(pid);
    for (const p of frozen) signal(p, 'SIGSTOP');
    return () => frozen.forEach((p) => signal(p, 'SIGCONT'));
  }

  /** New host keys (as after a reinstall), then a restart. */
  async changeHostKey(): Promise<void> {
    await this.makeHostKeys();
    await this.restart();
  }

  async stop(): Promise<void> {
    await this.kill();
    if (this.opts.stateDir === undefined) await rm(this.dir, { recursive: true, force: true });
  }

  private async makeHostKeys(): Promise<void> {
    for (const t of ['ed25519', 'rsa'] as const) {
      const path = join(this.dir, `host_${t}`);
      await rm(path, { force: true });
      await rm(`${path}.pub`, { force: true });
      await keygen(['-t', t, ...(t === 'rsa' ? ['-b', '2048'] : []), '-N', '', '-C', `test-host-${t}`, '-f', path]);
    }
  }

  private async writeConfig(): Promise<void> {
    const d = this.dir;
    const lines = [
      `Port ${this.port}`,
      `ListenAddress ${this.host}`,
      `HostKey ${d}/host_ed25519`,
      `HostKey ${d}/host_rsa`,
      `PidFile ${d}/sshd.pid`,
      `AuthorizedKeysFile ${d}/authorized_keys`,
      'PasswordAuthentication yes',
      'KbdInteractiveAuthentication yes',
      // PAM backs keyboard-interactive (without it OpenSSH on Linux offers no kbd-int device).
      'UsePAM yes',
      'StrictModes no',
      'PermitRootLogin no',
      `AllowUsers ${this.user.name}`,
      `AllowStreamLocalForwarding ${this.opts.allowStreamLocal === false ? 'no' : 'yes'}`,
      // OpenSSH 9.2: `AllowTcpForwarding no` also refuses direct-streamlocal channels (silently: "open failed").
      `AllowTcpForwarding ${this.opts.allowTcpForwarding ?? 'local'}`,
      'AllowAgentForwarding no',
      'X11Forwarding no',
      'PrintMotd no',
      // File uploads (the agent installer sends its package over SFTP), as Debian's sshd_config has it.
      'Subsystem sftp internal-sftp',
      'LogLevel VERBOSE',
      'MaxStartups 50:30:100',
      ...(this.opts.loginGraceTimeSec ? [`LoginGraceTime ${this.opts.loginGraceTimeSec}`] : []),
    ];
    await writeFile(join(d, 'sshd_config'), `${lines.join('\n')}\n`, { mode: 0o600 });
  }

  private launch(): Promise<void> {
    const child = spawn(SSHD, ['-D', '-e', '-f', join(this.dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`sshd did not start within 10 s:\n${this.stderr}`)), 10_000);
      child.stderr?.on('data', (d: Buffer) => {
        this.stderr += d.toString();
        if (this.stderr.includes(`Server listening on ${this.host} port ${this.port}`)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`sshd exited with ${code}:\n${this.stderr}`));
      });
    });
  }

  private async kill(): Promise<void> {
    const child = this.child;
    if (!child?.pid || child.exitCode !== null) return;
    this.child = null;
    const kids = await descendants(child.pid);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    for (const pid of kids) {
      signal(pid, 'SIGCONT'); // a frozen process cannot act on SIGTERM
      signal(pid, 'SIGTERM');
    }
    await exited;
  }
}
