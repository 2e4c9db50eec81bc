// `npm run demo`: builds the app and the agent, then starts the sandbox switch and the browser shell.
import { spawn, spawnSync } from 'node:child_process';

const built = spawnSync(process.execPath, ['scripts/build.mjs', 'renderer', 'web', 'agent', 'sandbox'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);
if (process.getuid?.() !== 0) {
  console.error('The sandbox switch runs its own sshd and Kamailio, which needs root: run  sudo npm run demo');
  process.exit(1);
}
const demo = spawn(process.execPath, ['dist/sandbox/demo.mjs'], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => demo.kill(sig));
demo.on('exit', (code) => process.exit(code ?? 0));
