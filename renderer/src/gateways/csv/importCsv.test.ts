import { describe, expect, it } from 'vitest';
import { MappingGatewaySchema } from '@shared/model/mappingGateway';
import { RoutingGatewaySchema } from '@shared/model/routingGateway';
import { exportCsv } from './format';
import { detectDelimiter, importCsv } from './importCsv';
import { MAPPING_CSV } from './mappingCsv';
import { ROUTING_CSV } from './routingCsv';

const carrier = RoutingGatewaySchema.parse({
  name: 'carrier-a', prefixes: ['0086', '+1'], addresses: [{ host: '203.0.113.9' }, { host: '2001:db8::1', port: 5080, transport: 'tcp' }],
  registration: { enabled: true, username: 'acct', password: { set: true } }, notes: '=HYPERLINK("x")',
  calleeDialPlan: [{ match: { prefix: '0086', minLength: 11 }, action: { kind: 'strip', digits: 4 } }],
});
const customer = MappingGatewaySchema.parse({ name: 'cust-1', authMode: 'password', username: 'c1', password: { set: true }, allowedRoutingGateways: ['carrier-a'] });

describe('exportCsv', () => {
  it('writes a BOM, CRLF rows, documented cell forms and never a password', () => {
    const text = exportCsv(ROUTING_CSV, [carrier]);
    expect(text.startsWith('\uFEFFname,enabled,prefixes,prefixMode,priority,addresses,capacity,cps,')).toBe(true);
    const [, row] = text.slice(1).split('\r\n');
    expect(row).toContain(',0086 +1,allow,0,203.0.113.9:5060/udp [2001:db8::1]:5080/tcp,,,');
    expect(row).toContain(',0086{11-}>strip:4,');
    expect(row).toContain(',yes,acct,,,,');
    // A notes cell that a spreadsheet would run as a formula is neutralised.
    expect(row).toContain(`,"'=HYPERLINK(""x"")"`);
    expect(exportCsv(MAPPING_CSV, [customer])).toContain('cust-1,yes,password,,c1,,,,,no,,carrier-a,,,');
  });
});

describe('importCsv', () => {
  it('reads a semicolon-separated Excel file with BOM and CRLF; absent columns keep stored values', () => {
    const text = '\uFEFFName;Enabled;Prefixes;Addresses;Capacity\r\ncarrier-a;no;"0086;0085";203.0.113.9;100\r\n\r\nnew-gw;yes;;sbc.example.net:5070/TLS;\r\n';
    const r = importCsv(ROUTING_CSV, text, [carrier]);
    expect(r.fileProblems).toEqual([]);
    expect(r.rows).toEqual([
      { line: 2, name: 'carrier-a', status: 'update', errors: [] },
      { line: 4, name: 'new-gw', status: 'create', errors: [] },
    ]);
    expect(r.ops[0]).toEqual({ op: 'routingGateway.upsert', gateway: { ...carrier, enabled: false, prefixes: ['0086', '0085'], addresses: [{ host: '203.0.113.9', port: 5060, transport: 'udp' }], maxConcurrentCalls: 100 } });
    expect(r.ops[1]).toMatchObject({ gateway: { name: 'new-gw', enabled: true, prefixes: [], addresses: [{ host: 'sbc.example.net', port: 5070, transport: 'tls' }], registration: { password: { set: false } } } });
  });

  it('detects comma, semicolon and tab from the header, ignoring quoted text', () => {
    expect(detectDelimiter('name,notes\r\n')).toBe(',');
    expect(detectDelimiter('name;"a,b,c";x\n')).toBe(';');
    expect(detectDelimiter('name\tenabled\n')).toBe('\t');
    expect(detectDelimiter('name\n')).toBe(',');
  });

  it('names the column and line of every invalid cell and stages nothing for those rows', () => {
    const text = [
      'name,priority,addresses,cps,stopCodes,calleeDialPlan,registrationExpiry',
      'bad-1,high,203.0.113.1,0,,,',
      'bad-2,5,999.1.1.1:5060/sctp,,200 486,x>y,30',
      'good,5,203.0.113.2,,486 503,>prepend:00,',
    ].join('\n');
    const r = importCsv(ROUTING_CSV, text, []);
    expect(r.rows.map((x) => [x.line, x.status])).toEqual([[2, 'error'], [3, 'error'], [4, 'create']]);
    expect(r.rows[0]?.errors).toEqual([
      { column: 'priority', message: 'must be a whole number' },
      { column: 'cps', message: 'must be a whole number from 1 to 100000' },
    ]);
    const cols = r.rows[1]?.errors.map((e) => e.column);
    expect(cols).toEqual(expect.arrayContaining(['addresses', 'stopCodes', 'calleeDialPlan', 'registrationExpiry']));
    expect(r.rows[1]?.errors.find((e) => e.column === 'addresses')?.message).toMatch(/^item 1: must be an IPv4/);
    expect(r.ops).toHaveLength(1);
    expect(r.ops[0]).toMatchObject({ gateway: { name: 'good', stopSwitchCodes: [486, 503], calleeDialPlan: [{ match: { prefix: '' }, action: { kind: 'prepend', prefix: '00' } }] } });
  });

  it('reports a missing required value on its column even when the file has no such column', () => {
    const r = importCsv(MAPPING_CSV, 'name,ips\ncust-9,198.51.100.7\n', []);
    expect(r.rows[0]?.errors).toEqual([{ column: 'authMode', message: 'is required for a new gateway (the file has no authMode column)' }]);
    expect(importCsv(ROUTING_CSV, 'name,notes\ngw1,x\n', []).rows[0]?.errors).toEqual([{ column: 'addresses', message: 'is required for a new gateway (the file has no addresses column)' }]);
  });

  it('reports every line of a name that appears twice, and unknown or repeated columns', () => {
    const r = importCsv(ROUTING_CSV, 'name,addresses,colour,Addresses\ngw1,203.0.113.1,red,\ngw2,203.0.113.2,,\ngw1,203.0.113.3,,\n', []);
    expect(r.fileProblems).toEqual([
      { column: 'colour', message: 'unknown column; its cells are ignored' },
      { column: 'Addresses', message: 'repeats column addresses; only the first is used' },
    ]);
    expect(r.rows.map((x) => [x.line, x.name, x.status])).toEqual([[2, 'gw1', 'error'], [3, 'gw2', 'create'], [4, 'gw1', 'error']]);
    expect(r.rows[0]?.errors).toEqual([{ column: 'name', message: 'gw1 also appears on line 4' }]);
  });

  it('refuses a file without a name column', () => {
    const r = importCsv(ROUTING_CSV, 'gateway,addresses\ngw1,203.0.113.1\n', []);
    expect(r.rows).toEqual([]);
    expect(r.fileProblems[0]).toEqual({ column: 'name', message: 'the header row has no name column' });
  });

  it('keeps a stored password on an empty cell, sets a given one, and checks its characters', () => {
    const text = 'name,authMode,username,password\ncust-1,password,c1,\ncust-2,password,c2,s3cret\ncust-3,password,c3,\ncust-4,password,c4,pässword\n';
    const r = importCsv(MAPPING_CSV, text, [customer, { ...customer, name: 'cust-2' }]);
    expect(r.rows.map((x) => x.status)).toEqual(['unchanged', 'update', 'create', 'error']);
    expect(r.ops.map((o) => (o.op === 'mappingGateway.upsert' ? [o.gateway.name, o.gateway.password] : null))).toEqual([
      ['cust-2', { set: true, value: 's3cret' }],
      ['cust-3', { set: false }],
    ]);
    expect(r.rows[3]?.errors).toEqual([{ column: 'password', message: 'must contain printable ASCII characters only' }]);
  });

  it('reads allowed routing gateways as "*" for all or a name list, and ip[:port] sources', () => {
    const r = importCsv(MAPPING_CSV, 'name,authMode,ips,allowedRoutingGateways\na,ipPort,198.51.100.1:5060 [2001:db8::2]:5062 2001:db8::3,*\nb,ip,198.51.100.2,gw1;gw2\nc,ip,198.51.100.3,bad!name\n', []);
    expect(r.ops[0]).toMatchObject({ gateway: { allowedRoutingGateways: 'all', ips: [{ ip: '198.51.100.1', port: 5060 }, { ip: '2001:db8::2', port: 5062 }, { ip: '2001:db8::3', port: null }] } });
    expect(r.ops[1]).toMatchObject({ gateway: { allowedRoutingGateways: ['gw1', 'gw2'] } });
    expect(r.rows[2]?.errors).toEqual([{ column: 'allowedRoutingGateways', message: expect.stringMatching(/^item 1: must be 1–64 characters/) }]);
  });

  it('treats an empty scalar cell as the default and a formula-guarded cell as its text', () => {
    const r = importCsv(ROUTING_CSV, `name,enabled,priority,addresses,notes\ncarrier-a,,,203.0.113.9:5060/udp [2001:db8::1]:5080/tcp,"'=HYPERLINK(""x"")"\n`, [{ ...carrier, enabled: false, priority: 7 }]);
    expect(r.ops[0]).toMatchObject({ gateway: { enabled: true, priority: 0, notes: '=HYPERLINK("x")' } });
  });

  it('reports an unterminated quote on its row', () => {
    const r = importCsv(ROUTING_CSV, 'name,addresses,notes\ngw1,203.0.113.1,"open\n', []);
    expect(r.rows[0]?.status).toBe('error');
    expect(r.rows[0]?.errors[0]?.message).toMatch(/[Qq]uote/);
  });

  it('reads mediaEncryption: sdes sets SRTP, none or empty leaves it absent, anything else is named', () => {
    const text = 'name,addresses,mediaEncryption\nsrtp-gw,203.0.113.5,SDES\nplain-gw,203.0.113.6,none\nodd-gw,203.0.113.7,aes\n';
    const r = importCsv(ROUTING_CSV, text, []);
    expect(r.rows.map((x) => [x.name, x.status, x.errors])).toEqual([
      ['srtp-gw', 'create', []],
      ['plain-gw', 'create', []],
      ['odd-gw', 'error', [{ column: 'mediaEncryption', message: 'must be one of: none, sdes, dtls' }]],
    ]);
    const [srtp, plain] = r.ops as { gateway: { mediaEncryption?: string } }[];
    expect(srtp?.gateway.mediaEncryption).toBe('sdes');
    expect(plain && 'mediaEncryption' in plain.gateway).toBe(false);
  });
});
