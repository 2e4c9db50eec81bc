import i18next from '../i18n';
import { describe, expect, it } from 'vitest';
import { describeFilter, emptyTraceForm, formFromPrefill, parseTraceForm } from './filterForm';

const form = (p: Partial<ReturnType<typeof emptyTraceForm>>) => ({ ...emptyTraceForm(), ...p });

describe('trace filter form', () => {
  it('turns typed lists and fields into a trace.start request checked by the shared schema', () => {
    const r = parseTraceForm(form({ ips: '127.0.0.2, 10.0.0.1 ::1', ports: '5060;5080', methods: 'invite, bye', responseClasses: '4xx, 5', callId: ' abc@x ', gateway: 'carrier-a', durationMin: '15', maxMessages: '500' }));
    expect(r).toEqual({
      ok: true,
      request: {
        filter: { ips: ['127.0.0.2', '10.0.0.1', '::1'], ports: [5060, 5080], methods: ['INVITE', 'BYE'], responseClasses: [4, 5], callId: 'abc@x', gateway: 'carrier-a' },
        durationSec: 900,
        maxMessages: 500,
      },
    });
  });

  it('defaults to 10 minutes and 10,000 messages with an empty filter', () => {
    expect(parseTraceForm(emptyTraceForm())).toEqual({ ok: true, request: { filter: {}, durationSec: 600, maxMessages: 10_000 } });
  });

  it('names the field and the entry that is wrong, in plain words', () => {
    const r = parseTraceForm(form({ ips: '127.0.0.2, host.example', srcPort: '70000', ports: '50x', methods: 'INV1TE', responseClasses: '7xx', gateway: 'bad name!', durationMin: '45', maxMessages: '0' }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.ips).toBe('IP addresses (from or to): "host.example" must be an IPv4 or IPv6 address (no host names, no brackets).');
    expect(r.errors.srcPort).toBe('Source port must be a port number from 1 to 65535.');
    expect(r.errors.ports).toBe('Ports (from or to): "50x" must be a port number from 1 to 65535.');
    expect(r.errors.methods).toMatch(/^Methods: "INV1TE" must be a SIP method in capitals/);
    expect(r.errors.responseClasses).toBe('Response classes: "7xx" must be a class from 1xx to 6xx, written 4 or 4xx.');
    expect(r.errors.gateway).toMatch(/^Gateway must be 1–64 characters/);
    expect(r.errors.durationMin).toBe('Duration must be a whole number of minutes from 1 to 30.');
    expect(r.errors.maxMessages).toBe('Message cap must be a whole number from 1 to 100,000.');
    for (const message of Object.values(r.errors)) expect(message).not.toMatch(/Invalid input|expected|received|NaN/);
  });

  it('says the same in Chinese, with no English left', async () => {
    await i18next.changeLanguage('zh-CN');
    try {
      const r = parseTraceForm(form({ ips: '127.0.0.2, host.example', srcPort: '70000', ports: '50x', methods: 'INV1TE', responseClasses: '7xx', gateway: 'bad name!', caller: 'x'.repeat(65), durationMin: '45', maxMessages: '0' }));
      if (r.ok) throw new Error('accepted');
      expect(r.errors.ports).toBe('端口（源或目的）：“50x” 必须是 1 到 65535 之间的端口号。');
      expect(r.errors.durationMin).toBe('时长必须是 1 到 30 之间的整数分钟。');
      expect(Object.keys(r.errors).sort()).toEqual(['caller', 'durationMin', 'gateway', 'ips', 'maxMessages', 'methods', 'ports', 'responseClasses', 'srcPort']);
      for (const message of Object.values(r.errors)) {
        const words = message.replace(/“[^”]*”/g, '').match(/[A-Za-z]{2,}/g)?.filter((w) => !['IP', 'IPv', 'SIP', 'INVITE', 'xx'].includes(w)) ?? [];
        expect(words, message).toEqual([]);
      }
      expect(describeFilter({ ips: ['127.0.0.2'], methods: ['INVITE'], gateway: 'gw' })).toBe('IP 127.0.0.2 · INVITE · 网关 gw');
      expect(describeFilter({})).toBe('全部消息');
    } finally {
      await i18next.changeLanguage('en');
    }
  });

  it('prefills from another screen and reads back the same filter', () => {
    const prefill = { gateway: 'carrier-a', responseClasses: [4, 5], ips: ['127.0.0.9'] };
    const values = formFromPrefill(prefill);
    expect(values.gateway).toBe('carrier-a');
    expect(values.durationMin).toBe('10');
    const r = parseTraceForm(values);
    expect(r.ok && r.request.filter).toEqual(prefill);
  });

  it('describes a filter in one line', () => {
    expect(describeFilter({})).toBe('everything');
    expect(describeFilter({ ips: ['127.0.0.2'], methods: ['INVITE'], gateway: 'gw' })).toBe('IP 127.0.0.2 · INVITE · gateway gw');
  });
});
