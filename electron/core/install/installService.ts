/**
 * The `install.*` HostApi methods: plans and runs installs of switch-agent on saved servers. SSH
 * comes from the server's connection (a job session that asks nothing: the host key was accepted
 * and the login typed when the user first connected). The sudo password is asked with the same
 * credentials prompt as an SSH password (a PromptDesk per install), checked with sudo before any
 * step runs, and stored only when the user ticks "remember", in the OS keychain.
 */
import { RpcError } from '@shared/rpc/errors';
import type { ConnectOutcome } from '@shared/rpc/hostApi';
import type { InstallAction, InstallPlan, InstallPlanOutcome, InstallRunOutcome } from '@shared/rpc/installApi';
import { shellQuote } from '../host/agentStream';
import type { ConnectionManager } from '../host/connectionManager';
import type { LinkEnv } from '../host/linkEnv';
import { PromptDesk } from '../host/promptDesk';
import { secretKey } from '../host/secrets';
import type { ServerRegistry } from '../servers/serverRegistry';
import type { ServerRecord } from '../servers/serverSchema';
import { listAgentPackages, newestFor } from './agentPackages';
import { parseHostFacts, probeScript } from './hostFacts';
import { planInstall } from './installPlan';
import { planRemoval } from './removalPlan';
import { runInstall, type ProgressPayload } from './installRun';
import type { RemoteHost } from './remoteHost';
import { sudoCheck, sudoRefusesUser } from './remoteScripts';
import { SshRemoteHost } from './sshRemoteHost';

export interface InstallServiceDeps {
  readonly registry: ServerRegistry;
  readonly connections: ConnectionManager;
  readonly env: Pick<LinkEnv, 'events' | 'secrets' | 'newId' | 'warn'>;
  /** The folder holding switch-agent_<version>_<arch>.deb files; undefined: this app carries none. */
  readonly packagesDir: string | undefined;
  /** Connects the app to the server once the agent runs (servers.connect). */
  readonly connect: (serverId: string) => Promise<ConnectOutcome>;
  /** Opens the server's SSH for a job; default: the connection manager's job session. */
  readonly openRemote?: (serverId: string) => Promise<RemoteHost>;
}

interface Install {
  readonly id: string;
  readonly server: ServerRecord;
  readonly remote: RemoteHost;
  readonly plan: InstallPlan;
  readonly packagePath: string;
  readonly desk: PromptDesk;
  readonly abort: AbortController;
  running: boolean;
}

export class InstallService {
  private readonly installs = new Map<string, Install>();

  constructor(private readonly d: InstallServiceDeps) {}

  async plan(serverId: string, action: InstallAction = 'install'): Promise<InstallPlanOutcome> {
    const server = this.d.registry.require(serverId);
    const remote = await this.openRemote(serverId);
    try {
      return (await this.readPlan(server, remote, action)).outcome;
    } finally {
      remote.close();
    }
  }

  /** confirmName: a purge deletes the server's data, so the user types the server's name first. */
  async run(serverId: string, action: InstallAction = 'install', confirmName?: string): Promise<InstallRunOutcome> {
    const server = this.d.registry.require(serverId);
    if (action === 'purge' && confirmName?.trim() !== server.name) {
      throw new RpcError('INVALID_PARAMS', `confirmName: type the server's name, ${server.name}, to purge switch-agent and delete its data`, { issues: [{ path: 'confirmName', message: `type ${server.name} to confirm`, code: 'custom' }] });
    }
    const busy = [...this.installs.values()].find((i) => i.server.id === serverId);
    if (busy) {
      const open = busy.desk.outcome();
      if (!busy.running && open?.status === 'credentialsPrompt') return { status: 'credentialsPrompt', installId: busy.id, credentialsPrompt: open.credentialsPrompt };
      throw new RpcError('BUSY', `switch-agent is being installed on ${server.name} already: wait for it to finish or cancel it`, { serverId, installId: busy.id });
    }
    const remote = await this.openRemote(serverId);
    try {
      const { outcome, packagePath } = await this.readPlan(server, remote, action);
      if (outcome.status === 'refused') throw new RpcError('VALIDATION_FAILED', outcome.message, { serverId, reason: outcome.reason, detail: outcome.detail });
      const install: Install = {
        id: this.d.env.newId(),
        server,
        remote,
        plan: outcome.plan,
        packagePath: packagePath ?? '',
        desk: new PromptDesk(this.d.env.newId, () => undefined, this.d.env.secrets !== undefined),
        abort: new AbortController(),
        running: false,
      };
      this.installs.set(install.id, install);
      const needsRoot = outcome.plan.steps.some((s) => s.id !== 'connect');
      if (!needsRoot || outcome.plan.sudo !== 'password') return this.start(install, undefined);
      const stored = await this.d.env.secrets?.get(this.sudoKey(server)).catch(() => undefined);
      if (stored !== undefined && (await this.checkSudo(install, stored)) === 'ok') return this.start(install, stored);
      return this.ask(install, stored !== undefined);
    } catch (err) {
      if (![...this.installs.values()].some((i) => i.remote === remote)) remote.close();
      throw err;
    }
  }

  async answer(promptId: string, answers: string[], remember: boolean): Promise<InstallRunOutcome> {
    const install = [...this.installs.values()].find((i) => i.desk.has(promptId));
    if (!install) throw new RpcError('NOT_FOUND', `there is no open sudo password question with id ${promptId} (it was answered, cancelled or expired)`, { path: 'promptId' });
    const { value = '' } = install.desk.answerCredentials(promptId, answers, remember);
    const check = await this.checkSudo(install, value);
    if (check === 'refused-user') {
      this.end(install);
      throw new RpcError('PERMISSION_DENIED', `${install.plan.login} may not use sudo on ${install.server.name}: ask its administrator to allow it (or log in as root), then install again`, { serverId: install.server.id, reason: 'sudo-refused' });
    }
    if (check === 'wrong') return this.ask(install, true);
    const secrets = this.d.env.secrets;
    const key = this.sudoKey(install.server);
    if (secrets) {
      // A typed password means the stored one (if any) did not work or is not wanted any more.
      await (remember ? secrets.set(key, value) : secrets.delete(key)).catch((err: unknown) =>
        this.d.env.warn(`could not update the stored sudo password of ${install.server.name}: ${err instanceof Error ? err.message : String(err)}`),
      );
    }
    return this.start(install, value);
  }

  /** Installs waiting at the sudo question: listed with the connections' prompts, so a reloaded window asks it again. */
  pendingPrompts(): { serverId: string; installId: string; installAction: InstallAction; outcome: ConnectOutcome }[] {
    return [...this.installs.values()].flatMap((i) => {
      const outcome = i.running ? null : i.desk.outcome();
      const installAction: InstallAction = i.plan.action === 'remove' || i.plan.action === 'purge' ? i.plan.action : 'install';
      return outcome ? [{ serverId: i.server.id, installId: i.id, installAction, outcome }] : [];
    });
  }

  cancel(installId: string): void {
    const install = this.installs.get(installId);
    if (!install) throw new RpcError('NOT_FOUND', `there is no install with id ${installId} (it finished or was cancelled)`, { path: 'installId' });
    if (install.running) {
      install.abort.abort(new RpcError('CANCELLED', 'cancelled'));
      return;
    }
    // Still at the sudo question: nothing ran yet.
    this.emit(install, { kind: 'finished', outcome: 'cancelled', message: 'Cancelled before anything was changed.' });
    this.end(install);
  }

  /** Cancels every install (the host is closing). */
  closeAll(): void {
    for (const install of [...this.installs.values()]) {
      install.abort.abort(new RpcError('CANCELLED', 'the app is closing'));
      if (!install.running) this.end(install);
    }
  }

  private openRemote(serverId: string): Promise<RemoteHost> {
    return this.d.openRemote ? this.d.openRemote(serverId) : this.d.connections.jobSession(serverId).then((s) => new SshRemoteHost(s));
  }

  private async readPlan(server: ServerRecord, remote: RemoteHost, action: InstallAction): Promise<{ outcome: InstallPlanOutcome; packagePath?: string }> {
    const probe = await remote.run(`sh -c ${shellQuote(probeScript(server.agentSocketPath))}`);
    if (probe.code !== 0) throw new RpcError('INTERNAL', `reading ${server.name} failed (exit ${probe.code}): ${probe.stderr.trim().slice(0, 500)}`, { serverId: server.id });
    const facts = parseHostFacts(probe.stdout);
    if (action !== 'install') return { outcome: planRemoval(facts, action === 'purge', { serverId: server.id, role: server.role }) };
    const packages = this.d.packagesDir ? listAgentPackages(this.d.packagesDir) : [];
    const outcome = planInstall(facts, packages, { serverId: server.id, role: server.role });
    return { outcome, ...(facts.arch ? { packagePath: newestFor(packages, facts.arch)?.path } : {}) };
  }

  private async checkSudo(install: Install, password: string): Promise<'ok' | 'wrong' | 'refused-user'> {
    const c = sudoCheck(password);
    const r = await install.remote.run(c.command, { stdin: c.stdin ?? '' });
    if (r.code === 0) return 'ok';
    return sudoRefusesUser(r.stderr) ? 'refused-user' : 'wrong';
  }

  private ask(install: Install, retry: boolean): InstallRunOutcome {
    const { login } = install.plan;
    void install.desk.askCredentials({
      kind: 'password',
      name: 'sudo',
      instructions: `${install.plan.action === 'remove' || install.plan.action === 'purge' ? 'Removing' : 'Installing'} switch-agent needs root on ${install.server.name}: sudo asks for the password of ${login}.`,
      prompts: [{ text: `[sudo] password for ${login}`, echo: false }],
      retry,
    });
    const open = install.desk.outcome();
    if (open?.status !== 'credentialsPrompt') throw new RpcError('INTERNAL', 'the sudo question was not opened');
    return { status: 'credentialsPrompt', installId: install.id, credentialsPrompt: open.credentialsPrompt };
  }

  private start(install: Install, sudoPassword: string | undefined): InstallRunOutcome {
    install.running = true;
    void runInstall({
      remote: install.remote,
      plan: install.plan,
      packagePath: install.packagePath,
      ...(sudoPassword !== undefined ? { sudoPassword } : {}),
      socketPath: install.server.agentSocketPath,
      signal: install.abort.signal,
      emit: (p) => this.emit(install, p),
      connect: async () => {
        const o = await this.d.connect(install.server.id).catch((err: unknown) => err);
        if (o instanceof Error) return { problem: o.message };
        const outcome = o as ConnectOutcome;
        if (outcome.status === 'connected') return { agentVersion: outcome.agentVersion };
        return { problem: 'the connection asks a question first: connect to the server and answer it' };
      },
    }).finally(() => this.end(install));
    return { status: 'started', installId: install.id, plan: install.plan };
  }

  private emit(install: Install, p: ProgressPayload): void {
    this.d.env.events.emit('install.progress', { ...p, installId: install.id, serverId: install.server.id });
  }

  private end(install: Install): void {
    install.desk.cancelAll();
    this.installs.delete(install.id);
    install.remote.close();
  }

  private sudoKey(server: ServerRecord): string {
    return secretKey(server.id, 'sudo');
  }
}
