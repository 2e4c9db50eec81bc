import { describe, expect, it } from 'vitest';
import type { RpcLogger } from '../rpc/log';
import { engineEntry, engineLinesToRing } from './engineLines';
import { LogRing } from './logRing';
import { agentEntry, teeLogger } from './teeLogger';

describe('teeLogger', () => {
  it('passes every line on unchanged and keeps it in the ring as source agent', () => {
    const inner: Array<[string, string, unknown]> = [];
    const base: RpcLogger = {
      info: (m, f) => inner.push(['info', m, f]),
      warn: (m, f) => inner.push(['warn', m, f]),
      error: (m, f) => inner.push(['error', m, f]),
    };
    const ring = new LogRing({ agent: 10, engine: 10 });
    const log = teeLogger(base, ring, () => 42);
    log.info('switch-agent ready', { version: '1.0' });
    log.warn('slow');
    log.error('boom', { incident: 'c1-1' });
    expect(inner).toEqual([
      ['info', 'switch-agent ready', { version: '1.0' }],
      ['warn', 'slow', undefined],
      ['error', 'boom', { incident: 'c1-1' }],
    ]);
    expect(ring.entries()).toEqual([
      { t: 42, level: 'info', source: 'agent', text: 'switch-agent ready {"version":"1.0"}' },
      { t: 42, level: 'warn', source: 'agent', text: 'slow' },
      { t: 42, level: 'error', source: 'agent', text: 'boom {"incident":"c1-1"}' },
    ]);
  });

  it('masks secret-looking fields and secret objects at any depth before the ring sees them', () => {
    const { text } = agentEntry('info', 'login', {
      user: 'alice',
      password: 'hunter2',
      gateway: { name: 'gw1', secret: { set: true, value: 'pw-in-object' }, authToken: 'tok' },
      list: [{ set: true, value: 's3cr3t' }],
      ha1: 'abc123',
      author: { user: 'bob', role: 'admin' },
    }, 1);
    expect(text).not.toMatch(/hunter2|pw-in-object|tok"|s3cr3t|abc123/);
    expect(text).toContain('"user":"alice"');
    expect(text).toContain('"author":{"user":"bob","role":"admin"}');
    expect(text).toContain('"list":[{"set":true}]');
  });

  it('renders errors by message, survives cycles and cuts long lines', () => {
    expect(agentEntry('error', 'x', { error: new Error('disk full') }, 1).text).toBe('x {"error":"disk full"}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(agentEntry('error', 'x', cyclic, 1).text).toBe('x {"fields":"(not serialisable)"}');
    expect(agentEntry('info', 'y'.repeat(10_000), undefined, 1).text).toHaveLength(4097);
  });
});

describe('engine lines', () => {
  it('get their source, a guessed level, and blank lines are skipped', () => {
    expect(engineEntry('kamailio', ' 1(9) WARNING: <core> x  ', 5)).toEqual({ t: 5, level: 'warn', source: 'kamailio', text: ' 1(9) WARNING: <core> x' });
    expect(engineEntry('rtpengine', '   ', 5)).toBeNull();
    const ring = new LogRing({ agent: 4, engine: 4 });
    const sink = engineLinesToRing(ring, () => 7);
    sink('rtpengine', '[1.2] ERR: [core] no port');
    sink('rtpengine', '');
    expect(ring.entries()).toEqual([{ t: 7, level: 'error', source: 'rtpengine', text: '[1.2] ERR: [core] no port' }]);
  });

  it('an unmarked line continues the level of the line before it from the same engine (measured Kamailio output)', () => {
    const ring = new LogRing({ agent: 10, engine: 10 });
    const sink = engineLinesToRing(ring, () => 7);
    sink('kamailio', 'stray banner');
    sink('kamailio', ' 2(21307) ERROR: <core> [core/parser/msg_parser.c:749]: parse_msg(): ERROR: parse_msg: message=<INVITE garbage');
    sink('rtpengine', '[1.2] INFO: [core] Startup complete');
    sink('kamailio', 'Via: nonsense');
    sink('kamailio', '>');
    sink('kamailio', ' 1(21306) NOTICE: <core> x');
    expect(ring.entries().map((e) => [e.source, e.level])).toEqual([
      ['kamailio', 'info'],
      ['kamailio', 'error'],
      ['rtpengine', 'info'],
      ['kamailio', 'error'],
      ['kamailio', 'error'],
      ['kamailio', 'info'],
    ]);
  });
});
