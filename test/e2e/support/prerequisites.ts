// What the e2e suite needs before it can run, checked once per file with messages that say how to fix it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const CHROMIUM = process.env.SWITCHDECK_CHROMIUM ?? '/usr/bin/chromium';

/** The built files the suite runs; it never builds them itself (that is `npm run build`). */
export const DIST = {
  agent: path.join(REPO, 'dist/switch-agent/switch-agent.mjs'),
  web: path.join(REPO, 'dist/electron/web.mjs'),
  renderer: path.join(REPO, 'dist/renderer/index.html'),
} as const;

export function missingBuild(): string[] {
  return Object.values(DIST).filter((f) => !existsSync(f));
}

/** Environment problems that make the suite impossible here (root for sshd, the browser, the engines). */
export function environmentProblems(): string[] {
  const problems: string[] = [];
  if (process.getuid?.() !== 0) problems.push('must run as root (the sandbox sshd logs in a local test user)');
  if (!existsSync(CHROMIUM)) problems.push(`${CHROMIUM} is missing (apt-get install chromium, or set SWITCHDECK_CHROMIUM)`);
  for (const bin of ['/usr/sbin/sshd', '/usr/sbin/kamailio', '/usr/bin/rtpengine']) {
    if (!existsSync(bin)) problems.push(`${bin} is missing (apt-get install openssh-server kamailio kamailio-sqlite-modules rtpengine)`);
  }
  return problems;
}

/**
 * Throws when the build is missing (always a mistake) or, in CI, when the environment is incomplete.
 * Outside CI an incomplete environment returns the reason, and the caller skips with it in the name.
 */
export function e2ePrerequisites(extra: string[] = []): string | null {
  const build = missingBuild();
  if (build.length > 0) throw new Error(`the e2e suite runs the built app; run \`npm run build\` first. Missing: ${build.map((f) => path.relative(REPO, f)).join(', ')}`);
  const problems = [...environmentProblems(), ...extra];
  if (problems.length === 0) return null;
  if (process.env.CI) throw new Error(`e2e prerequisites missing in CI: ${problems.join('; ')}`);
  return problems.join('; ');
}
