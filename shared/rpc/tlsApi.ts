/**
 * The switch's TLS certificate (PROTOCOL.md §5.8): `tls.status` and `tls.install`. Kept out of the
 * configuration on purpose: a certificate and its private key are server state like an SSH host
 * key, so they never enter revisions, diffs, exports or the content hash, and the key is never sent
 * back to any client (tls.status describes the certificate only). agentApi.ts spreads TLS_METHODS
 * into its table.
 */
import { z } from 'zod';
import type { RpcErrorCode } from './errors';

export const TLS_LIMITS = { maxCertificateChars: 65_536, maxKeyChars: 16_384 } as const;

const pem = (what: string, max: number) =>
  z
    .string({ error: `must be the ${what} as PEM text` })
    .min(1, `must not be empty: paste the ${what} as PEM text`)
    .max(max, `must be at most ${max} characters`)
    .regex(/^[\x20-\x7e\r\n\t]*$/, `must be PEM text (printable ASCII characters and line breaks only)`);

export const TlsInstallParamsSchema = z.strictObject({
  /** The server certificate, optionally followed by its intermediate certificates (PEM). */
  certificatePem: pem('certificate', TLS_LIMITS.maxCertificateChars),
  /** The certificate's private key, unencrypted (PEM). Write-only: no method returns it. */
  privateKeyPem: pem('private key', TLS_LIMITS.maxKeyChars),
});
export type TlsInstallParams = z.infer<typeof TlsInstallParamsSchema>;

export const TlsStatusSchema = z.strictObject({
  installed: z.boolean(),
  /** Of the installed certificate; absent while none is installed. */
  certificate: z
    .strictObject({
      subject: z.string().max(1024),
      issuer: z.string().max(1024),
      validFrom: z.number().int(),
      validTo: z.number().int(),
      /** SHA-256 fingerprint, colon-separated hex, as browsers and openssl show it. */
      sha256: z.string().max(128),
    })
    .optional(),
});
export type TlsStatus = z.infer<typeof TlsStatusSchema>;

interface TlsMethodSpec {
  readonly params: z.ZodType;
  readonly result: z.ZodType;
  readonly mutating: boolean;
  readonly errors: readonly RpcErrorCode[];
  readonly description: string;
}

export const TLS_METHODS = {
  'tls.status': {
    params: z.strictObject({}),
    result: TlsStatusSchema,
    mutating: false,
    errors: [],
    description: 'Whether a TLS certificate is installed for SIP over TLS, and which (subject, issuer, validity, fingerprint); never the key.',
  },
  'tls.install': {
    params: TlsInstallParamsSchema,
    result: TlsStatusSchema,
    mutating: true,
    errors: ['INVALID_PARAMS', 'ENGINE_FAILED'],
    description: 'Installs the certificate and private key that TLS listeners serve (checked to match); a running TLS listener takes it at once.',
  },
} as const satisfies Record<string, TlsMethodSpec>;
