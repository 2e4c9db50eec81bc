import { describe, expect, it } from 'vitest';
import { adoptDecision, argsHash, engineFilesHash } from './adoption';
import type { OwnerRecord } from './leftovers';

const ARGV = ['/usr/sbin/kamailio', '-DD', '-E', '-f', '/var/lib/switch-agent/engine/kamailio.cfg', '-m', '64'];
const FILES = engineFilesHash({ 'kamailio.cfg': 'listen=udp:127.0.0.1:5060\n', tables: '[]' });
const record: OwnerRecord = { name: 'kamailio', pid: 4321, argv: ARGV, startTime: '6506236', exe: '/usr/sbin/kamailio', argsHash: argsHash(ARGV), filesHash: FILES };
const running = { startTime: '6506236', exe: '/usr/sbin/kamailio', argv: ARGV };
const wanted = { argv: ARGV, exe: '/usr/sbin/kamailio', filesHash: FILES };

describe('adoptDecision', () => {
  it('adopts the same process running what this agent would start', () => {
    expect(adoptDecision(record, running, wanted)).toEqual({ adopt: true });
  });

  it('does not adopt a pid that is gone', () => {
    expect(adoptDecision(record, null, wanted)).toEqual({ adopt: false, reason: 'pid 4321 is not running' });
  });

  it('does not adopt a recycled pid (another start time), even running the same command', () => {
    expect(adoptDecision(record, { ...running, startTime: '7000000' }, wanted)).toMatchObject({ adopt: false, reason: expect.stringContaining('recycled') });
  });

  it('says so when the start time could not be read at the spawn, rather than calling the pid recycled', () => {
    expect(adoptDecision({ ...record, startTime: '' }, running, wanted)).toEqual({ adopt: false, reason: 'its start time could not be read when it was started (pid 4321)' });
  });

  it('does not adopt a foreign process on the recorded pid (another binary or command line)', () => {
    expect(adoptDecision(record, { ...running, exe: '/usr/bin/sleep' }, wanted)).toMatchObject({ adopt: false, reason: expect.stringContaining('/usr/bin/sleep') });
    expect(adoptDecision(record, { ...running, argv: ['/usr/bin/sleep', '60'] }, wanted)).toMatchObject({ adopt: false, reason: expect.stringContaining('command line') });
    expect(adoptDecision(record, { ...running, exe: null }, wanted)).toMatchObject({ adopt: false });
  });

  it('starts again when the configuration, the start arguments or the binary changed', () => {
    const otherFiles = engineFilesHash({ 'kamailio.cfg': 'listen=udp:127.0.0.1:5070\n', tables: '[]' });
    expect(adoptDecision(record, running, { ...wanted, filesHash: otherFiles })).toEqual({ adopt: false, reason: 'its configuration changed' });
    expect(adoptDecision(record, running, { ...wanted, argv: [...ARGV.slice(0, -1), '72'] })).toEqual({ adopt: false, reason: 'its start arguments changed' });
    expect(adoptDecision(record, running, { ...wanted, exe: '/opt/kamailio/sbin/kamailio' })).toMatchObject({ adopt: false, reason: expect.stringContaining('/opt/kamailio') });
  });

  it('does not adopt from a record of an older agent (no start time or hashes)', () => {
    expect(adoptDecision({ name: 'kamailio', pid: 4321, argv: ARGV }, running, wanted)).toMatchObject({ adopt: false, reason: expect.stringContaining('older') });
  });
});

describe('engineFilesHash / argsHash', () => {
  it('tells files and arguments apart by content and boundaries, not by order of naming', () => {
    expect(engineFilesHash({ a: 'x', b: 'y' })).toBe(engineFilesHash({ b: 'y', a: 'x' }));
    expect(engineFilesHash({ a: 'xy', b: '' })).not.toBe(engineFilesHash({ a: 'x', b: 'y' }));
    expect(argsHash(['-m', '64'])).not.toBe(argsHash(['-m6', '4']));
  });
});
