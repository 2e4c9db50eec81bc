/** Decides on a presented host key before anything else happens on the connection. */
import { fingerprintSha256, keyTypeOfBlob } from './hostKeyBlob';
import type { KnownHostsStore } from './knownHostsFile';
import { hostKeyChangedError, hostKeyRevokedError, SshError } from './sshErrors';
import type { SshPrompts, VerifiedHostKey } from './sshTypes';

export interface HostKeyGateContext {
  readonly host: string;
  readonly port: number;
  readonly store: KnownHostsStore;
  readonly prompts: SshPrompts;
  /** The key this session already trusted (first successful connection); a reconnect must see the same one. */
  readonly pinned: Buffer | null;
  readonly comment?: string;
}

export type HostKeyVerdict = { readonly ok: true; readonly verified: VerifiedHostKey; readonly blob: Buffer } | { readonly ok: false; readonly error: SshError };

export async function verifyHostKey(ctx: HostKeyGateContext, blob: Buffer): Promise<HostKeyVerdict> {
  const { host, port } = ctx;
  const keyType = keyTypeOfBlob(blob) ?? 'unknown-key-type';
  const fp = fingerprintSha256(blob);
  const fail = (error: SshError): HostKeyVerdict => ({ ok: false, error });
  let check;
  try {
    check = await ctx.store.check(host, port, blob);
  } catch (err) {
    return fail(new SshError('host-key-unverifiable', `cannot read known_hosts to verify ${host}:${port}: ${(err as Error).message}`, host, port, { cause: err }));
  }
  switch (check.status) {
    case 'revoked':
      return fail(hostKeyRevokedError(host, port, keyType, fp, check.entry));
    case 'changed':
      return fail(hostKeyChangedError(host, port, keyType, fp, check.expected));
    case 'known':
      return { ok: true, blob, verified: { keyType, fingerprintSha256: fp, source: { kind: 'known-hosts', file: check.entry.file, line: check.entry.line } } };
    case 'unknown':
      break;
  }
  if (ctx.pinned) {
    if (ctx.pinned.equals(blob)) return { ok: true, blob, verified: { keyType, fingerprintSha256: fp, source: { kind: 'accepted-once' } } };
    const expected = { file: 'this session', line: 0, keyType: keyTypeOfBlob(ctx.pinned) ?? 'unknown-key-type', fingerprintSha256: fingerprintSha256(ctx.pinned) };
    return fail(hostKeyChangedError(host, port, keyType, fp, expected));
  }
  let decision;
  try {
    decision = await ctx.prompts.hostKey({ host, port, keyType, fingerprintSha256: fp, kind: 'unknown' });
  } catch (err) {
    return fail(new SshError('host-key-rejected', `host key of ${host}:${port} not accepted: ${(err as Error).message}`, host, port, { cause: err }));
  }
  if (decision === 'accept-once') return { ok: true, blob, verified: { keyType, fingerprintSha256: fp, source: { kind: 'accepted-once' } } };
  if (decision === 'accept-save') {
    try {
      await ctx.store.add(host, port, blob, ctx.comment);
    } catch (err) {
      return fail(new SshError('host-key-unverifiable', `cannot save the host key of ${host}:${port} to ${ctx.store.appFile}: ${(err as Error).message}`, host, port, { cause: err }));
    }
    return { ok: true, blob, verified: { keyType, fingerprintSha256: fp, source: { kind: 'accepted-saved', file: ctx.store.appFile } } };
  }
  return fail(new SshError('host-key-rejected', `you rejected the ${keyType} host key ${fp} of ${host}:${port}; nothing was sent`, host, port));
}
