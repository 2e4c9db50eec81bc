// Where the TLS certificate and key live on the server: the engine directory's tls/ folder
// (owner-only), beside the tls module's domain file. Kamailio runs as the agent's user and reads
// them from there; the agent writes them (tls.install) and never sends the key anywhere.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tlsConfigText } from './kamailio/cfgTransports';

export interface TlsPaths {
  dir: string;
  cert: string;
  key: string;
  /** The tls module's config file (cfgTransports.ts). */
  config: string;
}

export function tlsPaths(engineDir: string): TlsPaths {
  const dir = join(engineDir, 'tls');
  return { dir, cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem'), config: join(engineDir, 'tls.cfg') };
}

export function tlsInstalled(p: TlsPaths): boolean {
  return existsSync(p.cert) && existsSync(p.key);
}

/** The domain file, written at each start (it only names the paths). */
export function writeTlsConfig(p: TlsPaths): void {
  writeFileSync(p.config, tlsConfigText(p.cert, p.key), { mode: 0o600 });
}

/** Each file replaced whole (temp file + rename), key first, owner-only modes. */
export function tlsFileStore(p: TlsPaths) {
  const put = (file: string, text: string) => {
    writeFileSync(`${file}.new`, text, { mode: 0o600 });
    renameSync(`${file}.new`, file);
  };
  return {
    readCertificate: () => (tlsInstalled(p) ? readFileSync(p.cert, 'utf8') : null),
    write(certPem: string, keyPem: string) {
      mkdirSync(p.dir, { recursive: true, mode: 0o700 });
      put(p.key, keyPem);
      put(p.cert, certPem);
    },
  };
}
