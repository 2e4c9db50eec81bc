// `npm run demo`: the sandbox switch, registered in the app, and the browser shell in front of it.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { registerSandboxServer, SANDBOX_SERVER_NAME } from './registerSandboxServer';
import { startSandbox } from './startSandbox';

const repo = process.cwd();
const root = path.join(repo, '.tmp', 'sandbox');
const sandbox = await startSandbox({
  root,
  agentEntry: path.join(repo, 'dist/switch-agent/switch-agent.mjs'),
  sshPort: Number(process.env.SWITCHDECK_SANDBOX_SSH_PORT ?? 2222),
  sipPort: Number(process.env.SWITCHDECK_SANDBOX_SIP_PORT ?? 5080),
});
const appData = path.join(root, 'app');
registerSandboxServer(appData, sandbox);
const fingerprint = await sandbox.sshd.fingerprint('ed25519');

console.log(`
Sandbox switch is up:
  SIP (Kamailio)     udp 127.0.0.1:${sandbox.sipPort}
  SSH (to the agent) 127.0.0.1:${sandbox.sshd.port}, user ${sandbox.sshd.user.name}
  agent log          ${sandbox.agentLog}
In the app, open server "${SANDBOX_SERVER_NAME}" and connect. The host key to expect:
  ${fingerprint}   (check: ssh-keygen -lf ${sandbox.sshd.hostKeyPubPath('ed25519')})
`);

const shell = spawn(process.execPath, [path.join(repo, 'dist/electron/web.mjs'), '--port', process.env.SWITCHDECK_PORT ?? '5173', '--data', appData], {
  stdio: 'inherit',
});
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  shell.kill('SIGTERM');
  void sandbox.stop().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
shell.on('exit', stop);
