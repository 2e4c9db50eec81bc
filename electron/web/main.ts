// Browser shell entry: `node dist/electron/web.mjs [--port N] [--renderer DIR] [--data DIR]`.
import { parseArgs } from 'node:util';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeHostSpawner } from '../hostProcess/nodeHostChild';
import { startHostProcess } from '../hostProcess/hostProcessClient';
import { webShellDataDir } from '../core/platform/appDataDir';
import { currentWorkstation } from '../core/platform/workstation';
import { startWebShell } from './server';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    renderer: { type: 'string', default: path.resolve(here, '../renderer') },
    data: { type: 'string' },
    // The switch-agent packages "Install agent" uploads (`npm run package:agent` writes dist/packages).
    packages: { type: 'string', default: path.resolve(here, '../packages') },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port: "${values.port}" is not a port number (0–65535; 0 picks a free one)`);
  process.exit(2);
}
const dataDir = path.resolve(values.data ?? webShellDataDir(currentWorkstation()));
// The host core runs in its own process (dist/electron/host.cjs), as in the Electron app; this one
// only serves the page and relays. No SecretStore: a browser shell has no OS keychain, so
// "remember" is refused and prompts say so.
const host = await startHostProcess({
  spawn: nodeHostSpawner(path.resolve(here, 'host.cjs')),
  start: { dataDir, agentPackagesDir: path.resolve(values.packages) },
  warn: (m) => console.error(`switchdeck shell: ${m}`),
  onCrash: ({ restarts }) => console.error(`switchdeck shell: the host process died; restarted it (${restarts} restart(s) so far)`),
}).catch((e: unknown) => {
  console.error(`switchdeck shell: the host core did not start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
const shell = await startWebShell({ rendererDir: path.resolve(values.renderer), port, host });
console.log(`Switchdeck browser shell (data in ${dataDir}): open ${shell.pageUrl}`);
const stop = () =>
  void shell
    .close()
    .then(() => host.close())
    .then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
