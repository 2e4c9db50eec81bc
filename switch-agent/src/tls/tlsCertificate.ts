// Checking a certificate and private key an operator installs for SIP over TLS (node:crypto does
// the parsing; nothing here touches files). Errors name the field and say what to do in plain words.
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import type { TlsStatus } from '@shared/rpc/tlsApi';

export class CertificateProblem extends Error {
  constructor(
    readonly field: 'certificatePem' | 'privateKeyPem',
    message: string,
  ) {
    super(message);
  }
}

export type CertificateInfo = NonNullable<TlsStatus['certificate']>;

export function describeCertificate(pem: string): CertificateInfo {
  const x = new X509Certificate(pem);
  return {
    subject: x.subject.replace(/\n/g, ', '),
    issuer: x.issuer.replace(/\n/g, ', '),
    validFrom: Date.parse(x.validFrom),
    validTo: Date.parse(x.validTo),
    sha256: x.fingerprint256,
  };
}

/** Throws CertificateProblem unless `certPem` holds a certificate valid at `now` that `keyPem` (unencrypted) belongs to. */
export function checkCertificatePair(certPem: string, keyPem: string, now: number): CertificateInfo {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
  } catch {
    throw new CertificateProblem('certificatePem', 'is not a PEM certificate (it should start with -----BEGIN CERTIFICATE-----)');
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: keyPem, format: 'pem' });
  } catch (e) {
    const encrypted = /passphrase|encrypted/i.test((e as Error).message) || /ENCRYPTED/.test(keyPem);
    throw new CertificateProblem(
      'privateKeyPem',
      encrypted ? 'is protected by a passphrase: install the key without one (openssl pkey -in key.pem -out plain.pem)' : 'is not a PEM private key (it should start with -----BEGIN PRIVATE KEY-----)',
    );
  }
  if (!cert.checkPrivateKey(key)) throw new CertificateProblem('privateKeyPem', 'does not belong to this certificate');
  const info = describeCertificate(certPem);
  if (info.validTo < now) throw new CertificateProblem('certificatePem', `expired on ${new Date(info.validTo).toISOString().slice(0, 10)}`);
  if (info.validFrom > now) throw new CertificateProblem('certificatePem', `is not valid before ${new Date(info.validFrom).toISOString().slice(0, 10)}`);
  return info;
}
