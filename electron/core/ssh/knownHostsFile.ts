/**
 * known_hosts files on disk: the app's own file (in its data folder; written with hashed entries,
 * atomically, mode 0600) plus read-only inputs such as ~/.ssh/known_hosts, which is never written.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { userKnownHostsFiles } from '../platform/sshUserFiles';
import { currentWorkstation } from '../platform/workstation';
import {
  checkHostKey,
  formatKnownHostsLine,
  knownKeyTypes,
  linesForHost,
  parseKnownHosts,
  type HostKeyCheck,
  type InvalidLine,
  type KnownHostsSource,
} from './knownHosts';

export interface KnownHostsStoreOptions {
  /** The app's own file, e.g. `<userData>/known_hosts`; created on first save. */
  readonly appFile: string;
  /** Read-only inputs, checked after the app file. Default: OpenSSH's `~/.ssh/known_hosts` and `known_hosts2` (Windows: under %USERPROFILE%). */
  readonly readOnlyFiles?: readonly string[];
  /** Write hashed host names (default true, like `HashKnownHosts yes`). */
  readonly hashHosts?: boolean;
}

async function readIfExists(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}

/** Writes a whole file through a sibling temp file and rename, so readers never see half of it. */
export async function writeFileAtomic(file: string, text: string, mode = 0o600): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
  const handle = await open(tmp, 'wx', mode);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } catch (err) {
    await handle.close();
    await rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  // open()'s mode is filtered by the umask; the file must end up exactly 0600.
  await chmod(tmp, mode);
  await rename(tmp, file);
}

export class KnownHostsStore {
  readonly appFile: string;
  readonly readOnlyFiles: readonly string[];
  private readonly hashHosts: boolean;
  /** Serialises writes within this process so two saves never lose each other's line. */
  private writes: Promise<unknown> = Promise.resolve();

  constructor(opts: KnownHostsStoreOptions) {
    this.appFile = opts.appFile;
    this.readOnlyFiles = opts.readOnlyFiles ?? userKnownHostsFiles(currentWorkstation());
    this.hashHosts = opts.hashHosts ?? true;
  }

  /** Every file parsed, app file first; unreadable lines are reported, not fatal. */
  async load(): Promise<{ sources: KnownHostsSource[]; invalid: (InvalidLine & { file: string })[] }> {
    const files = [this.appFile, ...this.readOnlyFiles];
    const texts = await Promise.all(files.map(readIfExists));
    const sources: KnownHostsSource[] = [];
    const invalid: (InvalidLine & { file: string })[] = [];
    files.forEach((file, i) => {
      const parsed = parseKnownHosts(texts[i] ?? '');
      sources.push({ file, entries: parsed.entries });
      for (const bad of parsed.invalid) invalid.push({ file, ...bad });
    });
    return { sources, invalid };
  }

  async check(host: string, port: number, keyBlob: Buffer): Promise<HostKeyCheck> {
    const { sources } = await this.load();
    return checkHostKey(sources, host, port, keyBlob);
  }

  async knownKeyTypes(host: string, port: number): Promise<string[]> {
    const { sources } = await this.load();
    return knownKeyTypes(sources, host, port);
  }

  /** Appends an entry for host:port to the app file. */
  add(host: string, port: number, keyBlob: Buffer, comment?: string): Promise<void> {
    const line = formatKnownHostsLine(host, port, keyBlob, { hash: this.hashHosts, ...(comment ? { comment } : {}) });
    return this.rewrite((text) => `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${line}\n`);
  }

  /** Drops the app file's plain entries for host:port (the user's own file is left alone); returns how many. */
  async removeHost(host: string, port: number): Promise<number> {
    let removed = 0;
    await this.rewrite((text) => {
      const drop = new Set(linesForHost(parseKnownHosts(text), host, port));
      removed = drop.size;
      return text
        .split('\n')
        .filter((_, i) => !drop.has(i + 1))
        .join('\n');
    });
    return removed;
  }

  private rewrite(change: (text: string) => string): Promise<void> {
    const next = this.writes.then(async () => {
      const before = await readIfExists(this.appFile);
      const after = change(before);
      if (after !== before) await writeFileAtomic(this.appFile, after);
    });
    this.writes = next.catch(() => undefined);
    return next;
  }
}
