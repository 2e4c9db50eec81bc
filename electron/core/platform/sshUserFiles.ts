/**
 * Where OpenSSH keeps the user's files on each OS, and how a path typed by the operator
 * (`~/.ssh/id_ed25519`, `%USERPROFILE%\.ssh\id_ed25519`) becomes a real file name. Win32-OpenSSH
 * uses %USERPROFILE%\.ssh, like ~/.ssh elsewhere; its files may have CRLF line ends, which the
 * known_hosts parser and ssh2's key parser accept.
 */
import { envVar, type Workstation } from './workstation';

type Where = Pick<Workstation, 'platform' | 'env' | 'home' | 'path'>;

/** The user's home as OpenSSH sees it: %USERPROFILE% on Windows, else the OS home folder. */
export function sshHome(ws: Where): string {
  return (ws.platform === 'win32' ? envVar(ws, 'USERPROFILE') : undefined) ?? ws.home;
}

export function sshUserDir(ws: Where): string {
  return ws.path.join(sshHome(ws), '.ssh');
}

/** OpenSSH's default UserKnownHostsFile: `~/.ssh/known_hosts ~/.ssh/known_hosts2`. */
export function userKnownHostsFiles(ws: Where): string[] {
  const dir = sshUserDir(ws);
  return [ws.path.join(dir, 'known_hosts'), ws.path.join(dir, 'known_hosts2')];
}

/**
 * `~` (alone or before / or \) becomes the SSH home; on Windows `%NAME%` variables are expanded
 * too, as Explorer and cmd do. A relative result is taken from the SSH home (OpenSSH reads
 * IdentityFile relative to ~), and the result uses the OS separators.
 */
export function expandUserPath(input: string, ws: Where): string {
  let p = input.trim();
  const home = sshHome(ws);
  if (p === '~') p = home;
  else if (p.startsWith('~/') || (ws.platform === 'win32' && p.startsWith('~\\'))) p = ws.path.join(home, p.slice(2));
  if (ws.platform === 'win32') p = p.replace(/%([^%\\/]+)%/g, (whole, name: string) => envVar(ws, name) ?? whole);
  return ws.path.isAbsolute(p) ? ws.path.normalize(p) : ws.path.join(home, p);
}
