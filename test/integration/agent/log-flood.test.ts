// Remote log flooding against the real agent and Kamailio: a packet from an unknown source with a
// huge Call-ID must not make Kamailio print anything (its log prefix used to carry the whole
// Call-ID, overflowing the print buffer into two ERROR lines per packet), and the agent's own lines
// stay in the log however much Kamailio prints.
import { createSocket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogEntry } from '../../../switch-agent/src/logs';
import { haveBinary, options, SETTLE_MS, sipRequest, waitFor } from '../engine/procs';
import { startTestAgent, type TestAgent } from './agentHarness';

const UNKNOWN = '127.0.0.9';
const missing = ['kamailio', 'rtpengine'].filter((b) => !haveBinary(b, b === 'rtpengine' ? ['--version'] : ['-v']));

describe.skipIf(missing.length > 0)('log flooding from the network', () => {
  let t: TestAgent;
  beforeAll(async () => {
    t = await startTestAgent();
  }, 30_000);
  afterAll(async () => {
    await t?.stop();
  });

  /** Kamailio's lines from now on, as the `logs` topic delivers them. */
  async function kamailioLines(): Promise<LogEntry[]> {
    const c = await t.client('view', 'watcher');
    const lines: LogEntry[] = [];
    await c.subscribe('logs', { sources: ['kamailio'], minLevel: 'debug', after: Date.now() }, { onItems: (items) => void lines.push(...items) });
    return lines;
  }

  /**
   * Lines Kamailio printed before a marker: a datagram with a bad Via, whose refusal Kamailio logs
   * ending with "core parsing of SIP message failed (<source>:<port>/1)". Sent once the packets
   * under test were answered, its lines come after theirs in the one stderr pipe, so everything
   * before the marker's first line belongs to those packets.
   */
  async function linesBeforeMarker(lines: LogEntry[]): Promise<LogEntry[]> {
    let port = 0;
    await sipRequest(UNKNOWN, t.sip, (p) => {
      port = p;
      return `OPTIONS sip:marker@x SIP/2.0\r\nVia: nonsense\r\n\r\n`;
    }, 50);
    const done = new RegExp(`^\\s*\\d+\\((\\d+)\\) .*core parsing of SIP message failed \\(${UNKNOWN.replace(/\./g, '\\.')}:${port}/`);
    const end = await waitFor(`Kamailio's refusal of the marker from port ${port}`, SETTLE_MS, () => {
      const i = lines.findIndex((l) => done.test(l.text));
      return i >= 0 ? i : undefined;
    });
    const pid = done.exec(lines[end]?.text ?? '')?.[1];
    // The marker's refusal starts with the bad Via character; its worker may have handled the packets before it too.
    const start = lines.slice(0, end).findLastIndex((l) => l.text.includes(`(${pid}) ERROR: `) && l.text.includes('parse_via(): bad char'));
    expect(start, 'the first line of the marker').toBeGreaterThanOrEqual(0);
    return lines.slice(0, start);
  }

  it('a 4 kB Call-ID produces no ERROR line (the log prefix is bounded)', async () => {
    const lines = await kamailioLines();
    const callId = `${'f'.repeat(4096)}@${UNKNOWN}`;
    const reply = await sipRequest(UNKNOWN, t.sip, (p) => options(UNKNOWN, p, t.sip, 'long').replace(/^Call-ID: .*$/m, `Call-ID: ${callId}`), 2000);
    // Answered (403 to an unknown source), so Kamailio handled it all the way through its script.
    expect(reply).toMatch(/^SIP\/2\.0 403 /);
    const printed = await linesBeforeMarker(lines);
    expect(printed.filter((l) => l.level === 'error').map((l) => l.text.slice(0, 200))).toEqual([]);
  });

  it("a flood of malformed packets is folded into summaries and does not push the agent's own lines out", async () => {
    const lines = await kamailioLines();
    const packets = 300;
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, UNKNOWN, resolve));
    // Each of these makes Kamailio print 9 lines (a bad Via, quoted), 7 of them ERROR.
    for (let i = 0; i < packets; i++) {
      await new Promise<void>((resolve, reject) => socket.send(`OPTIONS sip:flood${i}@x SIP/2.0\r\nVia: nonsense${i}\r\n\r\n`, t.sip.port, t.sip.host, (e) => (e ? reject(e) : resolve())));
    }
    socket.close();
    // The first window's summary (within DEFAULT_REPEAT_POLICY.windowMs, 10 s) counts the rest.
    const summary = await waitFor('a summary of the folded lines', 20_000, () => lines.find((l) => /^\[\d+ more similar lines in \d+ s not shown/.test(l.text)));
    // Under load Kamailio may still be printing when the first window closes: its summary then
    // counts only part of the flood, and the next window's summary the rest.
    const foldedSoFar = () => lines.filter((l) => l.text.startsWith('[')).reduce((n, l) => n + Number(/^\[(\d+)/.exec(l.text)?.[1] ?? 0), 0);
    const held = await waitFor('more folded lines than packets sent', 25_000, () => (foldedSoFar() > packets ? foldedSoFar() : undefined));
    console.info(`flood: ${packets} packets, ${lines.length} Kamailio lines kept, ${held} folded; first summary: ${summary.text.slice(0, 120)}`);
    expect(lines.length).toBeLessThan(packets);
    expect(held).toBeGreaterThan(packets);

    const c = await t.client('view', 'late');
    const backlog: LogEntry[] = [];
    await c.subscribe('logs', { sources: ['agent'] }, { onItems: (items) => void backlog.push(...items) });
    await waitFor("the agent's start-up line in the backlog", SETTLE_MS, () => (backlog.some((l) => l.text.startsWith('switch-agent ready')) ? true : undefined));
  }, 40_000);

  it('a flood whose lines differ in words too is capped per second with a count of what was held back', async () => {
    const lines = await kamailioLines();
    const packets = 300;
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, UNKNOWN, resolve));
    // Letters only, different in every packet: the quoted Via defeats the repeat folding.
    const word = (i: number) => Array.from({ length: 8 }, (_, k) => String.fromCharCode(97 + ((i * 7 + k * 13 + Math.floor(i / 26)) % 26))).join('');
    for (let i = 0; i < packets; i++) {
      await new Promise<void>((resolve, reject) => socket.send(`OPTIONS sip:x@y SIP/2.0\r\nVia: ${word(i)}\r\n\r\n`, t.sip.port, t.sip.host, (e) => (e ? reject(e) : resolve())));
    }
    socket.close();
    const capped = await waitFor('a per-second cap summary', 20_000, () => lines.find((l) => /^\[\d+ more lines from kamailio in \d+ s not shown: more than 200 every 1 s\]$/.test(l.text)));
    console.info(`word flood: ${packets} packets (9 lines each), ${lines.length} Kamailio lines kept; ${capped.text}`);
    expect(lines.length).toBeLessThan(packets * 9);
  }, 40_000);
});
