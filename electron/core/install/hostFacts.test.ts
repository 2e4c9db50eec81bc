import { describe, expect, it } from 'vitest';
import { parseHostFacts, probeScript } from './hostFacts';

const DEBIAN_USER = `uid=1001
user=alice
groups=alice users
os_id=debian
os_version=12
os_name=Debian GNU/Linux 12 (bookworm)
arch=amd64
apt=yes
agent=rc |0.0.9
pkg=kamailio|ii |5.6.3-2|5.6.3-2
pkg=rtpengine-daemon|||10.5.3.5-1
sudo=password
`;

describe('parseHostFacts', () => {
  it("reads a non-root Debian login: OS, packages (a removed agent's leftovers count as not installed), sudo", () => {
    const f = parseHostFacts(DEBIAN_USER);
    expect(f).toMatchObject({ uid: 1001, user: 'alice', groups: ['alice', 'users'], arch: 'amd64', apt: true, agent: null, systemd: false, sudo: 'password', socket: false, managedAgent: false });
    expect(f.os).toEqual({ id: 'debian', version: '12', name: 'Debian GNU/Linux 12 (bookworm)' });
    expect(f.engine).toEqual({ kamailio: { installed: '5.6.3-2', available: '5.6.3-2' }, rtpengine: { installed: null, available: '10.5.3.5-1' } });
  });

  it('reads an installed agent, systemd, the socket and root (no sudo needed)', () => {
    const f = parseHostFacts('uid=0\nuser=root\ngroups=root\nagent=ii |0.1.0\nsystemd=yes\nsocket=yes\nmanaged=yes\npkg=kamailio|||(none)\n');
    expect(f).toMatchObject({ uid: 0, sudo: 'root', agent: '0.1.0', systemd: true, socket: true, managedAgent: true, os: null, arch: null });
    expect(f.engine.kamailio).toEqual({ installed: null, available: null });
  });

  it('tolerates CRLF and a missing sudo line (no sudo installed)', () => {
    const f = parseHostFacts('uid=1000\r\nuser=bob\r\nos_id=ubuntu\r\nos_version=24.04\r\n');
    expect(f.sudo).toBe('missing');
    expect(f.os).toEqual({ id: 'ubuntu', version: '24.04', name: 'ubuntu 24.04' });
  });

  it('quotes the socket path it tests', () => {
    expect(probeScript("/run/x y'z/admin.sock")).toContain(`[ -S '/run/x y'\\''z/admin.sock' ]`);
  });
});
