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
  stdio: ['inherit', 'pipe', 'inherit'],
});
// The shell prints the page address (with its token); open it where a desktop browser exists.
const URL_LINE = /open (http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/;
let opened = false;
shell.stdout.on('data', (chunk: Buffer) => {
  process.stdout.write(chunk);
  const url = URL_LINE.exec(chunk.toString())?.[1];
  if (url && !opened) {
    opened = true;
    openBrowser(url);
  }
});

/** xdg-open / open / start, only with a display (or on macOS/Windows); otherwise the printed address is enough. */
function openBrowser(url: string): void {
  if (process.env.SWITCHDECK_NO_BROWSER) return;
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return;
  const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
  child.on('error', () => console.log(`Could not open a browser; open the address above yourself.`));
  child.unref();
}
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  console.log('Stopping the demo…');
  shell.kill('SIGTERM');
  void sandbox.stop().then(
    () => {
      console.log('Demo stopped: the sandbox switch and the browser shell have ended.');
      process.exit(0);
    },
    (e: unknown) => {
      console.log(`Demo stopped, but the sandbox did not stop cleanly: ${String(e)}`);
      process.exit(1);
    },
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
shell.on('exit', stop);
