import { describe, expect, it } from 'vitest';
import { AGENT_TOPICS } from '@shared/rpc/events';
import { guessEngineLevel, levelAtLeast, matchesFilter, type LogEntry } from './logFilter';

const entry = (level: LogEntry['level'], source: string): LogEntry => ({ t: 1, level, source, text: 'x' });
const filter = (raw: unknown) => AGENT_TOPICS.logs.params.parse(raw);

describe('matchesFilter', () => {
  it('defaults to info and above from every source', () => {
    const f = filter({});
    expect(matchesFilter(f, entry('debug', 'agent'))).toBe(false);
    expect(['info', 'warn', 'error'].map((l) => matchesFilter(f, entry(l as LogEntry['level'], 'kamailio')))).toEqual([true, true, true]);
  });

  it('applies the minimum level and the source list together', () => {
    const f = filter({ minLevel: 'warn', sources: ['kamailio', 'rtpengine'] });
    expect(matchesFilter(f, entry('warn', 'kamailio'))).toBe(true);
    expect(matchesFilter(f, entry('error', 'rtpengine'))).toBe(true);
    expect(matchesFilter(f, entry('info', 'kamailio'))).toBe(false);
    expect(matchesFilter(f, entry('error', 'agent'))).toBe(false);
  });

  it('an empty source list matches nothing', () => {
    expect(matchesFilter(filter({ sources: [] }), entry('error', 'agent'))).toBe(false);
  });

  it('orders levels debug < info < warn < error', () => {
    expect(levelAtLeast('error', 'debug')).toBe(true);
    expect(levelAtLeast('info', 'warn')).toBe(false);
    expect(levelAtLeast('warn', 'warn')).toBe(true);
  });
});

describe('guessEngineLevel', () => {
  it.each([
    // Kamailio 5.6 with -E (measured on this host).
    [' 1(12150) ERROR: <script>: hello err from cfg', 'error'],
    [' 0(12149) WARNING: sl [../../modules/tm/tm_load.h:145]: load_tm_api(): Cannot import', 'warn'],
    [' 1(12150) NOTICE: <script>: notice line', 'info'],
    [' 0(12149) INFO: <core> [main.c:3055]: main(): processes (at least): 6', 'info'],
    [' 0(12149) ALERT: <core> [main.c:770]: handle_sigs(): child process 12151 exited normally', 'error'],
    [' 0(12149) CRITICAL: <core> [core/tcp_main.c:1]: x', 'error'],
    [' 3(77) BUG: <core> [core/mem/q_malloc.c:1]: qm_free', 'error'],
    [' 3(77) DEBUG: <core> [core/parser/msg_parser.c:1]: x', 'debug'],
    // rtpengine 10.5 with --log-stderr (measured), and its other syslog names.
    ['[1795714433.000528] INFO: [core] Startup complete, version 10.5.3.5-1+deb12u1', 'info'],
    ['[1795714433.000528] ERR: [core] Failed to open UDP control connection port', 'error'],
    ['[1795714433.000528] CRIT: [core] Fatal error', 'error'],
    ['[1795714433.000528] WARNING: [core] x', 'warn'],
    ['[1795714433.000528] DEBUG: [core] x', 'debug'],
  ])('%s → %s', (line, level) => {
    expect(guessEngineLevel(line)).toBe(level);
  });

  it('finds no marker in unmarked lines, nor deep inside the message', () => {
    expect(guessEngineLevel('Via: nonsense')).toBeNull();
    expect(guessEngineLevel(` 0(1) INFO: <core> [x.c:1]: ${'a'.repeat(40)} ERROR: quoted`)).toBe('info');
    expect(guessEngineLevel('TERRIBLE: not a marker')).toBeNull();
  });
});
