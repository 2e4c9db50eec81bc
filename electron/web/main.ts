// Browser shell entry: `node dist/electron/web.mjs [--port N] [--renderer DIR]`.
import { parseArgs } from 'node:util';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWebShell } from './server';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    renderer: { type: 'string', default: path.resolve(here, '../renderer') },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port: "${values.port}" is not a port number (0–65535; 0 picks a free one)`);
  process.exit(2);
}
const shell = await startWebShell({ rendererDir: path.resolve(values.renderer), port });
console.log(`Switchdeck browser shell: ${shell.url}`);
const stop = () => void shell.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
