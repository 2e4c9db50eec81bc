import { describe, expect, it } from 'vitest';
import { emptyServerForm, serverFormResolver, type ServerFormValues } from './serverForm';

async function errorsOf(patch: Partial<ServerFormValues>): Promise<Record<string, string | undefined>> {
  const r = await serverFormResolver({ ...emptyServerForm(), name: 'sw-1', host: '192.0.2.1', ...patch }, undefined, { fields: {}, shouldUseNativeValidation: false });
  return Object.fromEntries(Object.entries(r.errors).map(([k, v]) => [k, (v as { message?: string } | undefined)?.message]));
}

describe('server form messages', () => {
  it('accepts IPv4, IPv6 and host names with a usual login', async () => {
    for (const host of ['192.0.2.1', '2001:db8::1', 'switch-1.example.net', 'localhost']) expect(await errorsOf({ host })).toEqual({});
    expect(await errorsOf({ username: 'ops.admin_2' })).toEqual({});
  });

  it('refuses a host ssh could not reach, saying what is allowed', async () => {
    for (const host of ['my switch', '-oProxyCommand=x', 'sw_1.example', '[2001:db8::1]', '300.1.2.3']) {
      expect(await errorsOf({ host })).toEqual({ host: 'must be an IPv4 address, an IPv6 address (no brackets) or a host name of letters, digits, "-" and "."' });
    }
  });

  it('refuses a user name no server has', async () => {
    for (const username of ['ops admin', '-l', 'root;id', 'a'.repeat(33)]) {
      expect(await errorsOf({ username })).toEqual({ username: 'must be 1–32 letters, digits, "_", "." or "-", not starting with "-" or "."' });
    }
  });

  it('says a required field is required, in plain words, for every empty field at once', async () => {
    const errors = await errorsOf({ name: '', host: '', username: '' });
    expect(errors).toEqual({ name: 'is required', host: 'is required', username: 'is required' });
    expect(JSON.stringify(errors)).not.toMatch(/Too small|expected|>=/);
  });

  it('names a port that is out of range', async () => {
    expect(await errorsOf({ port: '70000' })).toEqual({ port: 'must be a whole number from 1 to 65535' });
    expect(await errorsOf({ port: 'abc' })).toEqual({ port: 'must be a whole number from 1 to 65535' });
  });
});
