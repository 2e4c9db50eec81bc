// Builds the switch-agent Debian package (dist/packages/switch-agent_<version>_<arch>.deb) from
// dist/switch-agent (run `npm run build` first). The package carries what Debian 12 and Ubuntu
// 24.04 do not have in the needed version: the Node runtime this build runs on and the native
// better-sqlite3 built for it. Kamailio and rtpengine come from the distribution (Depends).
// Usage: node scripts/package-agent.mjs [--out <dir>] [--version <v>]  (--version: tests of upgrades)
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const outDir = path.resolve(outAt >= 0 && args[outAt + 1] ? args[outAt + 1] : path.join(root, 'dist/packages'));

/**
 * The distribution packages holding every Kamailio module the agent loads (REQUIRED_KAMAILIO_MODULES
 * in switch-agent/src/check/prerequisites.ts; a test checks this list covers them) and rtpengine.
 */
const ENGINE_DEPENDS = ['kamailio (>= 5.6)', 'kamailio-sqlite-modules (>= 5.6)', 'kamailio-tls-modules (>= 5.6)', 'rtpengine-daemon'];
/** The package's /etc/switch-agent/agent.json: Kamailio and rtpengine as the users engine-users.sh creates. */
const PACKAGED_SETTINGS = { engine: { runAsUser: { kamailio: 'switchdeck-kamailio', rtpengine: 'switchdeck-rtpengine' } } };
/** What the carried Node binary and better-sqlite3 link against. */
const RUNTIME_DEPENDS = ['libc6 (>= 2.28)', 'libstdc++6', 'libgcc-s1'];

function fail(message) {
  process.stderr.write(`package:agent: ${message}\n`);
  process.exit(1);
}

const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const bundle = path.join(root, 'dist/switch-agent/switch-agent.mjs');
if (!existsSync(bundle)) fail('dist/switch-agent/switch-agent.mjs is missing: run `npm run build` first');
const nodeMajor = Number(process.versions.node.split('.')[0]);
const wantedMajor = Number(/\d+/.exec(pkg.engines?.node ?? '20')?.[0]);
if (nodeMajor !== wantedMajor) fail(`this build runs on Node ${process.versions.node}; the package carries the running Node, which must be major ${wantedMajor} (package.json engines)`);
const arch = execFileSync('dpkg', ['--print-architecture'], { encoding: 'utf8' }).trim();
const versionAt = args.indexOf('--version');
const version = versionAt >= 0 && args[versionAt + 1] ? args[versionAt + 1] : pkg.version;
if (!/^[0-9][A-Za-z0-9.+~-]*$/.test(version)) fail(`--version: "${version}" is not a Debian version (digits first, then letters, digits, . + ~ -)`);

const stage = mkdtempSync(path.join(tmpdir(), 'switch-agent-deb-'));
chmodSync(stage, 0o755); // the package's "/" entry
const at = (p) => path.join(stage, p);
const put = (from, to, mode) => {
  mkdirSync(path.dirname(at(to)), { recursive: true });
  copyFileSync(from, at(to));
  chmodSync(at(to), mode);
};

try {
  const lib = 'usr/lib/switch-agent';
  put(process.execPath, `${lib}/node`, 0o755);
  put(bundle, `${lib}/switch-agent.mjs`, 0o644);
  // better-sqlite3 and what it loads at run time: its JavaScript, the native addon built for this
  // Node, and `bindings` (with its one dependency), which finds the addon.
  const nm = path.join(root, 'node_modules');
  const sqlite = path.join(nm, 'better-sqlite3');
  put(path.join(sqlite, 'package.json'), `${lib}/node_modules/better-sqlite3/package.json`, 0o644);
  put(path.join(sqlite, 'LICENSE'), `${lib}/node_modules/better-sqlite3/LICENSE`, 0o644);
  cpSync(path.join(sqlite, 'lib'), at(`${lib}/node_modules/better-sqlite3/lib`), { recursive: true });
  put(path.join(sqlite, 'build/Release/better_sqlite3.node'), `${lib}/node_modules/better-sqlite3/build/Release/better_sqlite3.node`, 0o644);
  for (const dep of ['bindings', 'file-uri-to-path']) cpSync(path.join(nm, dep), at(`${lib}/node_modules/${dep}`), { recursive: true });

  const packaging = path.join(root, 'switch-agent/packaging');
  put(path.join(packaging, 'debian/switch-agent.sh'), 'usr/bin/switch-agent', 0o755);
  put(path.join(packaging, 'debian/engine-users.sh'), `${lib}/engine-users`, 0o755);
  put(path.join(packaging, 'switch-agent.service'), 'lib/systemd/system/switch-agent.service', 0o644);
  put(path.join(packaging, 'switch-agent.sysusers'), 'usr/lib/sysusers.d/switch-agent.conf', 0o644);
  put(path.join(packaging, 'README.md'), 'usr/share/doc/switch-agent/README.md', 0o644);
  put(path.join(root, 'switch-agent/PROTOCOL.md'), 'usr/share/doc/switch-agent/PROTOCOL.md', 0o644);
  // Defaults (agentConfig.ts) but for the engines' users, which postinst creates; a conffile, so
  // dpkg keeps the operator's edits on upgrade.
  mkdirSync(at('etc/switch-agent'), { recursive: true });
  writeFileSync(at('etc/switch-agent/agent.json'), `${JSON.stringify(PACKAGED_SETTINGS, null, 2)}\n`, { mode: 0o644 });

  mkdirSync(at('DEBIAN'), { recursive: true });
  for (const script of ['postinst', 'prerm', 'postrm']) put(path.join(packaging, `debian/${script}`), `DEBIAN/${script}`, 0o755);
  writeFileSync(at('DEBIAN/conffiles'), '/etc/switch-agent/agent.json\n');
  const installedKb = Math.ceil(Number(execFileSync('du', ['-sk', '--exclude=DEBIAN', stage], { encoding: 'utf8' }).split('\t')[0]));
  writeFileSync(
    at('DEBIAN/control'),
    [
      'Package: switch-agent',
      `Version: ${version}`,
      `Architecture: ${arch}`,
      'Maintainer: Switchdeck <switchdeck@localhost>',
      `Installed-Size: ${installedKb}`,
      `Depends: ${[...ENGINE_DEPENDS, ...RUNTIME_DEPENDS].join(', ')}`,
      'Section: net',
      'Priority: optional',
      'Description: Switchdeck agent: Kamailio + rtpengine softswitch supervisor',
      ' Keeps this server\'s softswitch configuration (system parameters, routing and',
      ' mapping gateways) with revisions and confirm-or-rollback, and drives Kamailio',
      ' and rtpengine. Reached by the Switchdeck desktop app over SSH; opens no TCP port.',
      ' Carries its own Node runtime (' + process.versions.node + ') and better-sqlite3.',
      '',
    ].join('\n'),
  );

  mkdirSync(outDir, { recursive: true });
  const deb = path.join(outDir, `switch-agent_${version}_${arch}.deb`);
  // --root-owner-group: every file root:root without needing fakeroot.
  execFileSync('dpkg-deb', ['--root-owner-group', '-Zgzip', '-z6', '--build', stage, deb], { stdio: ['ignore', 'ignore', 'inherit'] });
  process.stdout.write(`${deb} (${(statSync(deb).size / 1048576).toFixed(1)} MiB)\n`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
