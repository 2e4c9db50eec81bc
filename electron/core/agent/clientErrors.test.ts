import { describe, expect, it } from 'vitest';
import { connectionLostError, isConnectionLost, protocolMismatchError } from './clientErrors';

describe('clientErrors', () => {
  it('names the side to update on a protocol mismatch', () => {
    expect(protocolMismatchError('sw1', [2]).message).toBe('the agent on sw1 speaks protocol 2; this Switchdeck speaks 1 — update Switchdeck');
    expect(protocolMismatchError('sw1', [0]).message).toBe('the agent on sw1 speaks protocol 0; this Switchdeck speaks 1 — update switch-agent on sw1');
    expect(protocolMismatchError('sw1', [2, 3]).message).toContain('speaks protocols 2, 3;');
  });

  it('marks connection loss so it is told apart from an agent TIMEOUT', () => {
    const lost = connectionLostError('sw1', 'config.apply', true, 'socket closed');
    expect(lost.code).toBe('TIMEOUT');
    expect(isConnectionLost(lost)).toBe(true);
    expect(lost.data).toMatchObject({ mutating: true, outcome: 'unknown', method: 'config.apply' });
  });
});
