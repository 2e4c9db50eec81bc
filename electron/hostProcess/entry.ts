// The host process: bundled to dist/electron/host.cjs. Electron main starts it with
// utilityProcess.fork, the browser shell with child_process.fork; both talk to it through
// serveHostProcess's messages (shared/rpc/hostProcessWire).
import { parentPortOf } from './processPort';
import { serveHostProcess } from './serveHostProcess';

const port = parentPortOf(process);
if (!port) {
  console.error('switchdeck host process: start me from Switchdeck (Electron main or the browser shell), not directly');
  process.exit(2);
}
serveHostProcess(port, {
  exit: (code) => process.exit(code),
  warn: (m) => console.warn(`switchdeck host: ${m}`),
});
