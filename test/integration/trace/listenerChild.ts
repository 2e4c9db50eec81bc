// The agent-side HEP listener alone in a process, for the fuzz test: prints its port, then on
// each "stats" line from stdin prints its counters and memory (from /proc/self/status).
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { startHepListener } from '../../../switch-agent/src/trace/hepListener';

let goodArrived = 0;
const listener = await startHepListener({
  onMessage: (m) => {
    if (m.sip?.ok && m.sip.message.callId?.startsWith('good-')) goodArrived++;
  },
});

function memoryKb(field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
  return Number(m?.[1] ?? NaN);
}

process.stdout.write(`${JSON.stringify({ port: listener.address.port, receiveBufferBytes: listener.receiveBufferBytes })}\n`);
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'stats') {
    process.stdout.write(`${JSON.stringify({ counters: listener.counters(), goodArrived, rssKb: memoryKb('VmRSS'), hwmKb: memoryKb('VmHWM') })}\n`);
  } else if (line === 'quit') {
    void listener.close().then(() => process.exit(0));
  }
});
