// `npm run demo`: builds the app and starts the browser shell on 127.0.0.1.
import { spawn, spawnSync } from 'node:child_process';

const built = spawnSync(process.execPath, ['scripts/build.mjs', 'renderer', 'web'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

const port = process.env.SWITCHDECK_PORT ?? '5173';
const shell = spawn(process.execPath, ['dist/electron/web.mjs', '--port', port], { stdio: 'inherit' });
const stop = () => shell.kill('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
shell.on('exit', (code) => process.exit(code ?? 0));
console.log('Open the address above in a browser; Ctrl+C stops the demo.');
