/**
 * The shell the installer runs on the server, one function per step, and how a script gets root
 * (directly, `sudo -n`, or `sudo -k -S` fed the password on stdin: `-k` makes sudo read it every
 * time, so the password never reaches the command's own stdin). Pure text; sh -c, POSIX only.
 */
import type { SudoMode } from '@shared/rpc/installApi';
import { shellQuote } from '../host/agentStream';
import { AGENT_PID_FILE } from './hostFacts';

const q = shellQuote;

export interface RootCommand {
  readonly command: string;
  readonly stdin?: string;
}

export function asRoot(script: string, sudo: SudoMode, password?: string): RootCommand {
  const sh = `sh -c ${q(script)}`;
  if (sudo === 'root') return { command: sh };
  if (sudo === 'nopasswd') return { command: `sudo -n ${sh}` };
  return { command: `sudo -k -S -p '' ${sh}`, stdin: `${password ?? ''}\n` };
}

/** Exit 0 when the password opens sudo. */
export function sudoCheck(password: string): RootCommand {
  return { command: `sudo -k -S -p '' true`, stdin: `${password}\n` };
}

/** sudo's words when the user may not use it at all (a password will not help). */
export function sudoRefusesUser(stderr: string): boolean {
  return /not in the sudoers file|is not allowed to run sudo|may not run sudo/i.test(stderr);
}

/** A folder only the login user writes, readable by root's apt (which reads local files as _apt where it can). */
export const MAKE_TEMP_DIR = 'd=$(mktemp -d /tmp/switchdeck-install.XXXXXX) && chmod 0755 "$d" && echo "$d"';

export function removeTempDir(dir: string): string {
  return `rm -rf ${q(dir)}`;
}

/** apt resolves Kamailio and rtpengine from the distribution; dpkg where there is no apt. Settings files edited on the server are kept. */
export function installScript(debPath: string): string {
  const deb = q(debPath);
  return [
    'set -e',
    'export DEBIAN_FRONTEND=noninteractive',
    'if command -v apt-get >/dev/null 2>&1; then',
    `  apt-get install -y --no-install-recommends -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold ${deb}`,
    'else',
    `  dpkg --force-confdef --force-confold -i ${deb}`,
    'fi',
  ].join('\n');
}

export function groupScript(user: string, group: string): string {
  return `set -e\nusermod -aG ${q(group)} ${q(user)}\necho ${q(`${user} is now in ${group}; new logins get the group.`)}`;
}

export interface StartOptions {
  readonly systemd: boolean;
  /** Stop an agent the installer started before (an upgrade without systemd). */
  readonly restart: boolean;
  readonly socketPath: string;
}

/**
 * With systemd the package's postinst has started (or restarted) the unit; starting again is a
 * no-op. Without it the agent is started as the package README says (`switch-agent serve --config
 * /etc/switch-agent/agent.json`), detached in its own session, its pid in AGENT_PID_FILE and its
 * output in /var/log/switch-agent.log. Both wait for the socket.
 */
export function startScript(o: StartOptions): string {
  const lines = ['set -e', `sock=${q(o.socketPath)}`, 'running=', 'alive() { [ -d "/proc/$1" ] && [ "$(cut -d" " -f3 "/proc/$1/stat" 2>/dev/null)" != Z ]; }'];
  if (o.systemd) {
    lines.push('systemctl start switch-agent.service');
  } else {
    lines.push(
      `pidfile=${AGENT_PID_FILE}`,
      'if [ -r "$pidfile" ] && pid=$(cat "$pidfile") && [ -n "$pid" ] && alive "$pid"; then running=$pid; fi',
      ...(o.restart
        ? [
            'if [ -n "$running" ]; then',
            '  echo "Stopping the running agent (pid $running) so that the new version starts; Kamailio and rtpengine keep running"',
            // The handover marker (switch-agent/src/engine/handover.ts): the agent leaves the engines
            // running on SIGTERM and the new one adopts them when their configuration is unchanged.
            '  : > /run/switch-agent/handover',
            '  kill "$running"',
            '  i=0',
            '  while alive "$running"; do i=$((i+1)); if [ $i -gt 150 ]; then echo "the agent (pid $running) did not stop within 30 s" >&2; exit 1; fi; sleep 0.2; done',
            '  running=',
            '  rm -f "$sock"',
            'elif [ -S "$sock" ]; then',
            '  echo "An agent that Switchdeck did not start is running ($sock): restart it with this host\'s service manager so that the new version runs." >&2',
            '  exit 1',
            'fi',
          ]
        : []),
      'if [ -z "$running" ] && [ ! -S "$sock" ]; then',
      '  install -d -m 0751 /run/switch-agent',
      '  setsid /usr/bin/switch-agent serve --config /etc/switch-agent/agent.json </dev/null >>/var/log/switch-agent.log 2>&1 &',
      '  running=$!',
      '  echo "$running" > "$pidfile"',
      '  echo "Started switch-agent (pid $running); its output goes to /var/log/switch-agent.log"',
      'fi',
    );
  }
  lines.push(
    'i=0',
    'while [ ! -S "$sock" ]; do',
    '  i=$((i+1))',
    ...(o.systemd
      ? ['  if [ $i -gt 300 ]; then echo "the agent socket $sock did not appear within 60 s; the service log:" >&2; journalctl -u switch-agent -n 20 --no-pager >&2 || true; exit 1; fi']
      : [
          '  if [ -n "$running" ] && ! alive "$running"; then echo "switch-agent stopped right after starting; the end of /var/log/switch-agent.log:" >&2; tail -n 20 /var/log/switch-agent.log >&2; exit 1; fi',
          '  if [ $i -gt 300 ]; then echo "the agent socket $sock did not appear within 60 s" >&2; exit 1; fi',
        ]),
    '  sleep 0.2',
    'done',
    'echo "The agent is listening on $sock"',
  );
  return lines.join('\n');
}

/**
 * Stops the agent before its package goes: the unit with systemd; without it the agent the
 * installer started (its pid file). An agent started by something else is left alone, and the
 * removal then fails in the open (its socket stays) rather than pulling files from under it.
 */
export function stopScript(systemd: boolean, socketPath: string): string {
  if (systemd) return 'set -e\nsystemctl stop switch-agent.service\necho "Stopped the switch-agent service"';
  return [
    'set -e',
    `sock=${q(socketPath)}`,
    `pidfile=${AGENT_PID_FILE}`,
    'alive() { [ -d "/proc/$1" ] && [ "$(cut -d" " -f3 "/proc/$1/stat" 2>/dev/null)" != Z ]; }',
    'if [ -r "$pidfile" ] && pid=$(cat "$pidfile") && [ -n "$pid" ] && alive "$pid"; then',
    '  echo "Stopping the agent (pid $pid)"',
    '  kill "$pid"',
    '  i=0',
    '  while alive "$pid"; do i=$((i+1)); if [ $i -gt 150 ]; then echo "the agent (pid $pid) did not stop within 30 s" >&2; exit 1; fi; sleep 0.2; done',
    '  rm -f "$pidfile"',
    'elif [ -S "$sock" ]; then',
    '  echo "An agent that Switchdeck did not start is running ($sock): stop it with this host\'s service manager, then remove again." >&2',
    '  exit 1',
    'fi',
    'echo "The agent is stopped"',
  ].join('\n');
}

/** apt-get remove / purge; dpkg where there is no apt. Purge deletes /var/lib/switch-agent (postrm). */
export function removeScript(purge: boolean): string {
  return [
    'set -e',
    'export DEBIAN_FRONTEND=noninteractive',
    'if command -v apt-get >/dev/null 2>&1; then',
    `  apt-get ${purge ? 'purge' : 'remove'} -y switch-agent`,
    'else',
    `  dpkg ${purge ? '--purge' : '--remove'} switch-agent`,
    'fi',
  ].join('\n');
}

