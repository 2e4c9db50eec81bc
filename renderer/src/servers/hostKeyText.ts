/**
 * The server-side file that holds a host key of a given SSH key type, so the dialog can tell the
 * user which `ssh-keygen -lf` command prints the same fingerprint over a trusted path.
 */
export function hostKeyFile(keyType: string): string {
  const t = keyType.toLowerCase();
  if (t.includes('ed25519')) return '/etc/ssh/ssh_host_ed25519_key.pub';
  if (t.startsWith('ecdsa')) return '/etc/ssh/ssh_host_ecdsa_key.pub';
  if (t.includes('rsa')) return '/etc/ssh/ssh_host_rsa_key.pub';
  if (t.includes('dss') || t.includes('dsa')) return '/etc/ssh/ssh_host_dsa_key.pub';
  return '/etc/ssh/ssh_host_*_key.pub';
}

export function verifyCommand(keyType: string): string {
  return `ssh-keygen -lf ${hostKeyFile(keyType)}`;
}

/** known_hosts names non-default ports as [host]:port, the same form `ssh-keygen -R` expects. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}
