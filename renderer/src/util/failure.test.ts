import { afterEach, describe, expect, it } from 'vitest';
import { RPC_ERROR_CODES, RpcError } from '@shared/rpc/errors';
import { FEED_END } from '@shared/rpc/feedEnd';
import i18next from '../i18n';
import { en } from '../i18n/en';
import { zhCN } from '../i18n/zhCN';
import { CONNECT_FAILURES, failureToast, plainConnectError, plainConnectFailure, plainFailure, plainFeedEnd } from './failure';

// What the host sends when SSH logs in but no agent listens (electron/core/ssh/sshChannels.ts).
const NO_AGENT = new RpcError(
  'PERMISSION_DENIED',
  '127.0.0.1:2222 refused a stream to /run/switchdeck-e2e-no-agent/admin.sock (open failed): sshd forbids it (AllowStreamLocalForwarding no, or AllowTcpForwarding no, which blocks it too), or the socket is missing or not writable by op',
  { serverId: 's1', reason: 'channel-refused' },
);

const t = i18next.t.bind(i18next);

describe('plain connection failures', () => {
  afterEach(() => i18next.changeLanguage('en'));

  it('says a missing agent in plain words and keeps the socket path and sshd wording for the details', async () => {
    await i18next.changeLanguage('en');
    const plain = plainConnectError(t, NO_AGENT);
    expect(plain.code).toBe('channel-refused');
    expect(plain.text).toBe(en.connectFail['channel-refused']);
    expect(plain.text).toMatch(/agent is not running on this server/);
    for (const raw of ['/run/', 'sshd', 'AllowStreamLocalForwarding', 'channel-refused', 'PERMISSION_DENIED']) expect(plain.text).not.toContain(raw);
    expect(plain.details).toBe(`${NO_AGENT.message} (channel-refused)`);

    await i18next.changeLanguage('zh-CN');
    expect(plainConnectError(t, NO_AGENT).text).toBe(zhCN.connectFail['channel-refused']);
  });

  it('maps a failed connection state (code + host message) the same way', async () => {
    await i18next.changeLanguage('en');
    const plain = plainConnectFailure(t, { code: 'connection-refused', message: 'connect ECONNREFUSED 127.0.0.1:2222' });
    expect(plain.text).toBe(en.connectFail['connection-refused']);
    expect(plain.details).toBe('connect ECONNREFUSED 127.0.0.1:2222 (connection-refused)');
  });

  it('gives an unknown reason or a bare RPC code the general sentence, never the raw text', async () => {
    await i18next.changeLanguage('en');
    for (const e of [new RpcError('INTERNAL', 'Expected string, received number at path[0]'), new Error('socket hang up'), 'weird']) {
      const plain = plainConnectError(t, e);
      expect(plain.code).toBe('other');
      expect(plain.text).toBe(en.connectFail.other);
      expect(plain.details).not.toBe('');
    }
    expect(plainConnectFailure(t, { code: 'VALIDATION_FAILED', message: 'x' }).code).toBe('other');
  });

  it('has a sentence in both languages for every reason it recognises, and no key it does not use', () => {
    const keys = [...CONNECT_FAILURES, 'other'].sort();
    expect(Object.keys(en.connectFail).sort()).toEqual(keys);
    expect(Object.keys(zhCN.connectFail).sort()).toEqual(keys);
    for (const k of keys) expect(zhCN.connectFail[k as keyof typeof zhCN.connectFail]).not.toBe(en.connectFail[k as keyof typeof en.connectFail]);
  });
});

describe('plain failures of other calls (one mapping with connecting)', () => {
  afterEach(() => i18next.changeLanguage('en'));

  it('says a failed read of a connected server by its code, the host\'s text only in the details', async () => {
    await i18next.changeLanguage('zh-CN');
    const e = new RpcError('TIMEOUT', 'engine.status did not answer within 10 s', { reason: 'not-answering', timeoutMs: 10_000 });
    const plain = plainFailure(t, e, 'read');
    expect(plain).toEqual({ code: 'not-answering', text: zhCN.connectFail['not-answering'], details: 'engine.status did not answer within 10 s (not-answering)' });
    expect(plainFailure(t, new RpcError('BUSY', 'cannot apply a change: revision 4 is waiting'), 'change').text).toBe(zhCN.problem.fail.BUSY);
  });

  it('never takes an English sentence in data.reason for a code, nor shows it as the message', async () => {
    await i18next.changeLanguage('en');
    const e = new RpcError('INTERNAL', 'boom', { reason: 'the disk is full on the server' });
    const plain = plainFailure(t, e, 'change');
    expect(plain.code).toBe('other');
    expect(plain.text).toBe(en.problem.fail.other);
    expect(plain.details).toBe('boom (INTERNAL)');
    for (const x of [new Error('socket hang up'), 'weird']) expect(plainFailure(t, x, 'read').text).toBe(en.problem.fail.other);
  });

  it('frames the plain sentence in a danger toast and hands the details to it', async () => {
    await i18next.changeLanguage('en');
    const [message, , details] = failureToast(t, new RpcError('NOT_FOUND', 'no revision 9'), 'read', (error) => `Could not compare: ${error}`);
    expect(message).toBe(`Could not compare: ${en.problem.fail.NOT_FOUND}`);
    expect(details).toBe('no revision 9 (NOT_FOUND)');
  });

  it('has a sentence in both languages for every call code it recognises, each an RPC code', () => {
    const keys = Object.keys(en.problem.fail).sort();
    expect(keys.filter((k) => k !== 'other' && !(RPC_ERROR_CODES as readonly string[]).includes(k))).toEqual([]);
    for (const k of keys) expect(zhCN.problem.fail[k as keyof typeof zhCN.problem.fail]).not.toBe(en.problem.fail[k as keyof typeof en.problem.fail]);
  });
});

describe('a failed read is said as a read, a failed change as a change', () => {
  afterEach(() => i18next.changeLanguage('en'));
  const engine = new RpcError('ENGINE_FAILED', 'kamcmd ul.dump: reading socket /run/kamailio/kamailio_ctl timed out');

  it('an engine failure of a read (a list, a live feed) says the engine could not answer, not that a change failed; an apply keeps the change wording', async () => {
    for (const [lang, table] of [['en', en], ['zh-CN', zhCN]] as const) {
      await i18next.changeLanguage(lang);
      expect(plainFailure(t, engine, 'read')).toEqual({ code: 'ENGINE_FAILED', text: table.problem.failRead.ENGINE_FAILED, details: `${engine.message} (ENGINE_FAILED)` });
      expect(plainFeedEnd(t, { code: 'ENGINE_FAILED', message: 'capture stopped: tcpdump exited 1' }).text).toBe(table.problem.failRead.ENGINE_FAILED);
      expect(plainFailure(t, engine, 'change').text).toBe(table.problem.fail.ENGINE_FAILED);
    }
    expect(en.problem.failRead.ENGINE_FAILED).toMatch(/could not answer/);
  });

  it('no code says "the change" or "nothing was changed" to a read, in either language; codes without a read sentence share the change one', async () => {
    const codes = Object.keys(en.problem.fail).filter((k) => k !== 'other');
    for (const [lang, speaksOfTheChange] of [['en', /\b(the|this) change\b|Nothing was changed/i], ['zh-CN', /此更改|没有做任何更改/]] as const) {
      await i18next.changeLanguage(lang);
      for (const code of codes) {
        const read = plainFailure(t, new RpcError(code as 'INTERNAL', 'x'), 'read').text;
        expect({ code, read }).not.toEqual({ code, read: expect.stringMatching(speaksOfTheChange) });
      }
    }
    // Every read sentence is a translated override of a code that has a change sentence.
    expect(Object.keys(zhCN.problem.failRead).sort()).toEqual(Object.keys(en.problem.failRead).sort());
    for (const k of Object.keys(en.problem.failRead)) expect(codes).toContain(k);
  });
});

describe('a live feed the host ended itself', () => {
  afterEach(() => i18next.changeLanguage('en'));

  it('says a host-process restart as what it is (the background process restarted, start again), not "did not answer in time"; the host\'s text in the details', async () => {
    // What electron/hostProcess/openResources.ts sends for each feed of a host process that died.
    const message = "Switchdeck's host process stopped and was started again; open this again.";
    const error = { code: FEED_END.hostRestarted, message };
    for (const [lang, table] of [['en', en], ['zh-CN', zhCN]] as const) {
      await i18next.changeLanguage(lang);
      expect(plainFeedEnd(t, error)).toEqual({ code: 'host-restarted', text: table.problem.hostRestarted, details: `${message} (host-restarted)` });
      expect(plainFeedEnd(t, error).text).not.toBe(table.problem.fail.TIMEOUT);
      expect(plainFeedEnd(t, { code: FEED_END.notConnected, message: 'connection to srv lost' }).text).toBe(table.connectFail['not-connected']);
    }
    expect(en.problem.hostRestarted).toMatch(/background process .* started again/);
  });
});
