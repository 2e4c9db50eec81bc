// switch-agent: composition root of the command line (serve, connect, check, --version).
import { Command } from 'commander';
import path from 'node:path';
import { SOCKETS } from '@shared/rpc/protocol';
import { formatChecks, runChecks } from './check/prerequisites';
import { nodeCheckHost } from './check/nodeCheckHost';
import { loadAgentConfig } from './config/loadAgentConfig';
import type { AgentConfig } from './config/agentConfig';
import { restartAgent, stopEngines } from './lifecycle/lifecycleCommands';
import { runStdioBridge } from './rpc/stdioBridge';
import { serve } from './serve';
import { AGENT_VERSION } from './version';

function configOrExit(file: string | undefined): AgentConfig {
  const r = loadAgentConfig(file);
  if (!r.ok) {
    for (const e of r.errors) process.stderr.write(`switch-agent: ${e}\n`);
    process.exit(2);
  }
  return r.config;
}

const program = new Command()
  .name('switch-agent')
  .description('Owns this server\'s Switchdeck configuration and drives Kamailio and rtpengine. Reached over SSH only.')
  .version(AGENT_VERSION, '-V, --version');

program
  .command('serve')
  .description('run the agent: the configuration store, the engine supervisor and the admin/view sockets')
  .option('-c, --config <file>', 'settings file (default /etc/switch-agent/agent.json)')
  .action(async (opts: { config?: string }) => {
    await serve(configOrExit(opts.config));
  });

program
  .command('connect')
  .description('bridge stdin/stdout to the agent socket (what `ssh host switch-agent connect` runs)')
  .option('--view', 'use the read-only socket')
  .option('--socket <path>', 'socket to connect to (overrides the settings file)')
  .option('-c, --config <file>', 'settings file, for the socket folder')
  .action(async (opts: { view?: boolean; socket?: string; config?: string }) => {
    const role = opts.view ? 'view' : 'admin';
    const socketPath = opts.socket ?? path.join(configOrExit(opts.config).socketDir, SOCKETS[role].file);
    const code = await runStdioBridge(socketPath, role, { input: process.stdin, output: process.stdout, errors: process.stderr });
    process.exit(code);
  });

program
  .command('check')
  .description('check prerequisites (engine binaries and modules, folders, groups) and print their versions')
  .option('-c, --config <file>', 'settings file (default /etc/switch-agent/agent.json)')
  .action(async (opts: { config?: string }) => {
    const { text, failed } = formatChecks(await runChecks(configOrExit(opts.config), nodeCheckHost));
    process.stdout.write(`${text}\n`);
    process.exit(failed ? 1 : 0);
  });

program
  .command('stop-engines')
  .description('stop the Kamailio and rtpengine the agent left running, unless a restart hands them to the next agent (the unit\'s ExecStopPost)')
  .option('-c, --config <file>', 'settings file (default /etc/switch-agent/agent.json)')
  .action(async (opts: { config?: string }) => {
    process.stdout.write(`switch-agent: ${await stopEngines(configOrExit(opts.config), process.env)}\n`);
  });

program
  .command('restart')
  .description('restart the agent and keep Kamailio and rtpengine with their calls (they restart only if their configuration changed)')
  .option('-c, --config <file>', 'settings file (default /etc/switch-agent/agent.json)')
  .option('--log <file>', 'without systemd: where the restarted agent\'s output goes (default /var/log/switch-agent.log)')
  .action(async (opts: { config?: string; log?: string }) => {
    const file = opts.config ?? '/etc/switch-agent/agent.json';
    process.stdout.write(`switch-agent: ${await restartAgent(configOrExit(opts.config), { configFile: file, ...(opts.log && { logFile: opts.log }) })}\n`);
  });

program.parseAsync(process.argv).catch((e: unknown) => {
  process.stderr.write(`switch-agent: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
