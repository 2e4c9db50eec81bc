// A routing gateway reporting its status with SIP PUBLISH (RFC 3903, PIDF body of RFC 3863), sent
// by sipp from the gateway's address; the reply's headers are read back from sipp's message log.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { HEAD } from '../engine/sippXml';
import { run } from '../engine/procs';

export interface PublishRequest {
  /** The reply the publisher must get. */
  code: number;
  /** PIDF basic status; absent = no body (a refresh or a removal). */
  status?: 'open' | 'closed';
  /** Expires header; absent = none. */
  expires?: number;
  /** SIP-If-Match header (the SIP-ETag of the publication it refreshes, changes or removes). */
  ifMatch?: string;
}

export function publishXml(p: PublishRequest): string {
  const headers = [
    'Event: presence',
    ...(p.expires === undefined ? [] : [`Expires: ${p.expires}`]),
    ...(p.ifMatch === undefined ? [] : [`SIP-If-Match: ${p.ifMatch}`]),
  ].join('\n      ');
  const body = p.status === undefined
    ? 'Content-Length: 0'
    : `Content-Type: application/pidf+xml
      Content-Length: [len]

      <?xml version="1.0" encoding="UTF-8"?>
      <presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:gateway@[local_ip]">
      <tuple id="gw"><status><basic>${p.status}</basic></status></tuple>
      </presence>`;
  return `${HEAD}<scenario name="switchdeck gateway PUBLISH expecting ${p.code}">
  <send retrans="500">
    <![CDATA[
      PUBLISH sip:gateway@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: <sip:gateway@[local_ip]>;tag=[pid]pub[call_number]
      To: <sip:gateway@[local_ip]>
      Call-ID: [call_id]
      CSeq: 1 PUBLISH
      Max-Forwards: 70
      ${headers}
      ${body}
    ]]>
  </send>
  <recv response="${p.code}"/>
</scenario>
`;
}

/**
 * Sends one PUBLISH from `from` to the switch and returns the reply's Expires and SIP-ETag
 * (undefined when absent). Fails the test when the reply code is not `p.code`.
 */
export async function publish(dir: string, from: string, to: { host: string; port: number }, p: PublishRequest): Promise<{ expires?: number; etag?: string }> {
  const file = join(dir, `publish-${from}.xml`);
  const log = join(dir, `publish-${from}.log`);
  writeFileSync(file, publishXml(p));
  rmSync(log, { force: true });
  const r = await run('sipp', ['-sf', file, '-i', from, `${to.host}:${to.port}`, '-m', '1', '-timeout', '10s', '-nostdin', '-trace_msg', '-message_file', log], dir, 15_000);
  expect(r.code, `PUBLISH from ${from} expecting ${p.code}:\n${r.output}\n${readFileSync(log, 'utf8')}`).toBe(0);
  const reply = readFileSync(log, 'utf8').split(/^-{20,} /m).find((b) => new RegExp(`^SIP/2\\.0 ${p.code} `, 'm').test(b)) ?? '';
  const header = (name: string) => new RegExp(`^${name}:[ \t]*(.*?)\r?$`, 'mi').exec(reply)?.[1];
  const expires = header('Expires');
  return { expires: expires === undefined ? undefined : Number(expires), etag: header('SIP-ETag') };
}
