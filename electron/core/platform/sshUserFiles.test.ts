import { describe, expect, it } from 'vitest';
import { linuxWorkstation, macWorkstation, windowsWorkstation } from '../../../test/doubles/host/workstations';
import { resolveAgentSocket, PAGEANT, WINDOWS_OPENSSH_AGENT_PIPE } from './sshAgentSocket';
import { expandUserPath, sshUserDir, userKnownHostsFiles } from './sshUserFiles';
import { envVar } from './workstation';

describe('OpenSSH user files per OS', () => {
  it('Windows: %USERPROFILE%\\.ssh with backslashes, known_hosts and known_hosts2', () => {
    const ws = windowsWorkstation();
    expect(sshUserDir(ws)).toBe('C:\\Users\\Ann Lee\\.ssh');
    expect(userKnownHostsFiles(ws)).toEqual(['C:\\Users\\Ann Lee\\.ssh\\known_hosts', 'C:\\Users\\Ann Lee\\.ssh\\known_hosts2']);
  });

  it('Windows: USERPROFILE wins over the OS home and is found whatever its case', () => {
    const ws = windowsWorkstation({ env: { USERPROFILE: undefined, UserProfile: 'D:\\Profiles\\ann' } });
    expect(sshUserDir(ws)).toBe('D:\\Profiles\\ann\\.ssh');
    expect(envVar(ws, 'userprofile')).toBe('D:\\Profiles\\ann');
    // Case-insensitive lookup is a Windows rule only.
    expect(envVar(linuxWorkstation({ env: { home: '/x' } }), 'HOME')).toBe('/home/ann');
  });

  it('macOS and Linux: ~/.ssh', () => {
    expect(userKnownHostsFiles(macWorkstation())[0]).toBe('/Users/ann/.ssh/known_hosts');
    expect(userKnownHostsFiles(linuxWorkstation())[0]).toBe('/home/ann/.ssh/known_hosts');
  });

  it('expands the form default ~/.ssh/id_ed25519 into a Windows path', () => {
    const ws = windowsWorkstation();
    expect(expandUserPath('~/.ssh/id_ed25519', ws)).toBe('C:\\Users\\Ann Lee\\.ssh\\id_ed25519');
    expect(expandUserPath('~\\.ssh\\id_ed25519', ws)).toBe('C:\\Users\\Ann Lee\\.ssh\\id_ed25519');
    expect(expandUserPath('%USERPROFILE%\\.ssh\\id_ed25519', ws)).toBe('C:\\Users\\Ann Lee\\.ssh\\id_ed25519');
    expect(expandUserPath('%userprofile%/.ssh/id_ed25519', ws)).toBe('C:\\Users\\Ann Lee\\.ssh\\id_ed25519');
    expect(expandUserPath('  D:/keys/ops key  ', ws)).toBe('D:\\keys\\ops key');
    expect(expandUserPath('\\\\nas\\keys\\id_ed25519', ws)).toBe('\\\\nas\\keys\\id_ed25519');
    // Relative paths are read from the home folder, as OpenSSH reads IdentityFile.
    expect(expandUserPath('.ssh\\id_ed25519', ws)).toBe('C:\\Users\\Ann Lee\\.ssh\\id_ed25519');
    // An unknown variable stays as typed, so the error names what the operator wrote.
    expect(expandUserPath('%NOPE%\\id', ws)).toBe('C:\\Users\\Ann Lee\\%NOPE%\\id');
  });

  it('expands ~ on macOS and Linux and leaves absolute paths alone', () => {
    expect(expandUserPath('~/.ssh/id_ed25519', macWorkstation())).toBe('/Users/ann/.ssh/id_ed25519');
    expect(expandUserPath('~', linuxWorkstation())).toBe('/home/ann');
    expect(expandUserPath('/etc/keys/id', linuxWorkstation())).toBe('/etc/keys/id');
    // A backslash is an ordinary file name character outside Windows, and %VAR% is not expanded.
    expect(expandUserPath('~\\x', linuxWorkstation())).toBe('/home/ann/~\\x');
    expect(expandUserPath('/k/%HOME%', linuxWorkstation())).toBe('/k/%HOME%');
  });
});

describe('the SSH agent an agent login uses', () => {
  it('SSH_AUTH_SOCK first on every OS', () => {
    expect(resolveAgentSocket(linuxWorkstation({ env: { SSH_AUTH_SOCK: '/run/user/1000/agent' } }))).toBe('/run/user/1000/agent');
    expect(resolveAgentSocket(windowsWorkstation({ env: { SSH_AUTH_SOCK: '\\\\.\\pipe\\1password' }, existing: [WINDOWS_OPENSSH_AGENT_PIPE] }))).toBe('\\\\.\\pipe\\1password');
    expect(resolveAgentSocket(macWorkstation({ env: { SSH_AUTH_SOCK: '/private/tmp/com.apple.launchd.x/Listeners' } }))).toBe('/private/tmp/com.apple.launchd.x/Listeners');
  });

  it('Windows: the OpenSSH agent pipe when the service runs, else Pageant', () => {
    expect(resolveAgentSocket(windowsWorkstation({ existing: [WINDOWS_OPENSSH_AGENT_PIPE] }))).toBe('\\\\.\\pipe\\openssh-ssh-agent');
    expect(resolveAgentSocket(windowsWorkstation())).toBe(PAGEANT);
    // An empty variable counts as unset, as in OpenSSH.
    expect(resolveAgentSocket(windowsWorkstation({ env: { SSH_AUTH_SOCK: '' } }))).toBe(PAGEANT);
  });

  it('macOS: launchd’s socket when the app was started without SSH_AUTH_SOCK', () => {
    expect(resolveAgentSocket(macWorkstation({ launchd: { SSH_AUTH_SOCK: '/private/tmp/com.apple.launchd.abc/Listeners' } }))).toBe('/private/tmp/com.apple.launchd.abc/Listeners');
    expect(resolveAgentSocket(macWorkstation())).toBeUndefined();
  });

  it('Linux without SSH_AUTH_SOCK: none, so the agent method is skipped', () => {
    expect(resolveAgentSocket(linuxWorkstation())).toBeUndefined();
  });
});
