/** Shared wiring for the SSH integration tests: a session against the test sshd with recorded prompts. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { KnownHostsStore } from '../../../electron/core/ssh/knownHostsFile';
import { SshSession } from '../../../electron/core/ssh/sshSession';
import type { CredentialsQuestion, HostKeyDecision, HostKeyQuestion, SshSessionOptions, SshSessionState } from '../../../electron/core/ssh/sshTypes';
import { TestSshd } from '../../support/sshd';

export interface Recorder {
  readonly hostKeyQuestions: HostKeyQuestion[];
  readonly credentialQuestions: CredentialsQuestion[];
  readonly states: SshSessionState[];
}

export interface SessionSetup {
  /** Answer to host key questions (default accept-once), or a function that answers (possibly slowly). */
  hostKey?: HostKeyDecision | ((q: HostKeyQuestion) => Promise<HostKeyDecision>);
  /** Answers to credential questions (default: the test user's password for every question). */
  credentials?: (q: CredentialsQuestion) => string[] | null;
  knownHosts?: KnownHostsStore;
  options?: Partial<SshSessionOptions>;
}

export interface TempDir {
  path: string;
  remove: () => Promise<void>;
}

export async function tempDir(prefix: string): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** The hooks of a block of SSH tests: one real sshd for the block, a fresh temporary folder (`prefix`…) for each test. */
export function sshdWithTempDirs(prefix: string, use: { sshd(s: TestSshd): void; dir(d: TempDir): void }): void {
  let sshd: TestSshd | undefined;
  let dir: TempDir | undefined;
  beforeAll(async () => {
    sshd = await TestSshd.start();
    use.sshd(sshd);
  });
  afterAll(async () => {
    await sshd?.stop();
  });
  beforeEach(async () => {
    dir = await tempDir(prefix);
    use.dir(dir);
  });
  afterEach(async () => {
    await dir?.remove();
  });
}

export function appKnownHosts(dir: string, readOnlyFiles: string[] = []): KnownHostsStore {
  return new KnownHostsStore({ appFile: join(dir, 'known_hosts'), readOnlyFiles });
}

export function makeSession(sshd: TestSshd, dir: string, setup: SessionSetup = {}): { session: SshSession; rec: Recorder } {
  const rec: Recorder = { hostKeyQuestions: [], credentialQuestions: [], states: [] };
  const session = new SshSession({
    host: sshd.host,
    port: sshd.port,
    username: sshd.user.name,
    auth: [{ kind: 'password' }],
    knownHosts: setup.knownHosts ?? appKnownHosts(dir),
    timeoutMs: 10_000,
    prompts: {
      hostKey: async (q) => {
        rec.hostKeyQuestions.push(q);
        if (typeof setup.hostKey === 'function') return setup.hostKey(q);
        return setup.hostKey ?? 'accept-once';
      },
      credentials: async (q) => {
        rec.credentialQuestions.push(q);
        return setup.credentials ? setup.credentials(q) : [sshd.user.password];
      },
    },
    ...setup.options,
  });
  session.onState((s) => rec.states.push(s));
  return { session, rec };
}

/** Resolves when the session reaches a state matching `pred`. */
export function waitForState(session: SshSession, pred: (s: SshSessionState) => boolean, timeoutMs = 20_000): Promise<SshSessionState> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`state not reached within ${timeoutMs} ms; now ${JSON.stringify(session.state)}`));
    }, timeoutMs);
    const off = session.onState((s) => {
      if (!pred(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}

export async function rejection(p: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await p;
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('expected a rejection');
}
