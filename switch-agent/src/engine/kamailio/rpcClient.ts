// JSON-RPC to Kamailio over the jsonrpcs FIFO.
//
// Why the FIFO and not the ctl socket: replies are JSON as-is (ctl speaks binrpc, a binary
// format we would have to encode/decode ourselves), and access is a file mode (0600) on a path
// the agent chose — no UDP/HTTP listener another local user could reach. ctl stays in the cfg
// for operators (`kamcmd -s unixs:<ctlSocket>`).
//
// FIFO quirks (ENGINE-NOTES): `reply_name` may not contain '.', '/' or '\'; Kamailio opens the
// reply FIFO non-blocking, so we must already hold it open for reading. We open it O_RDWR: the
// read end then never sees EOF between replies, and replies are split by JSON framing.
// Kamailio's FIFO reader handles one request at a time, but replies carry our `id`, so several
// calls may be in flight.
//
// Reloads: permissions.addressReload (and dispatcher.reload) refuse a second reload within
// `reload_delta` (5 s) and answer with an error; callers coalesce reloads (reloadCoalescer.ts)
// and check every result — call() rejects on a JSON-RPC error, and drouting.reload reports a
// failure in its result text, which tableReloads.ts reads.
import { execFile } from 'node:child_process';
import { chownSync, closeSync, constants, openSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { listDir, staleReplyFifos } from '../leftovers';
import { JsonStreamSplitter } from './jsonStream';

const execFileAsync = promisify(execFile);

export type RpcParam = string | number;

export class KamailioRpcError extends Error {
  constructor(
    readonly method: string,
    readonly code: number,
    readonly detail: string,
  ) {
    super(`kamailio rpc ${method}: ${code} ${detail}`);
    this.name = 'KamailioRpcError';
  }
}

export interface RpcClientOptions {
  /** jsonrpcs `fifo_name`. */
  fifoPath: string;
  /** jsonrpcs `fifo_reply_dir` (where our reply FIFO is created). */
  replyDir: string;
  /** Default per-call timeout. */
  timeoutMs?: number;
  /** Kamailio's user when it runs as another user: it must be able to open the reply FIFO for writing. */
  replyOwner?: { uid: number; gid: number };
}

interface Pending {
  method: string;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

// Writes of up to PIPE_BUF bytes to a FIFO are atomic, so concurrent requests never interleave.
const PIPE_BUF = 4096;
let instances = 0;

export class KamailioRpcClient {
  private readonly pending = new Map<number, Pending>();
  private readonly splitter = new JsonStreamSplitter();
  private nextId = 1;
  private closed = false;

  private constructor(
    private readonly opts: RpcClientOptions & { timeoutMs: number },
    private readonly replyName: string,
    private readonly replyPath: string,
    private readonly reader: Socket,
  ) {
    reader.setEncoding('utf8');
    reader.on('data', (chunk: string) => this.onData(chunk));
    reader.on('error', (e) => this.failAll(e));
  }

  /** Also removes reply FIFOs that agents which died without closing their client left in replyDir. */
  static async open(opts: RpcClientOptions): Promise<KamailioRpcClient> {
    for (const stale of staleReplyFifos(listDir(opts.replyDir), process.pid)) rmSync(join(opts.replyDir, stale), { force: true });
    const replyName = `switchdeck_rpc_${process.pid}_${++instances}`;
    const replyPath = join(opts.replyDir, replyName);
    rmSync(replyPath, { force: true });
    await execFileAsync('mkfifo', ['-m', '0600', replyPath]);
    let fd: number;
    try {
      if (opts.replyOwner) chownSync(replyPath, opts.replyOwner.uid, opts.replyOwner.gid);
      fd = openSync(replyPath, constants.O_RDWR | constants.O_NONBLOCK);
    } catch (e) {
      rmSync(replyPath, { force: true });
      throw e;
    }
    const reader = new Socket({ fd, readable: true, writable: false });
    return new KamailioRpcClient({ timeoutMs: 5000, ...opts }, replyName, replyPath, reader);
  }

  call(method: string, params: RpcParam[] = [], timeoutMs = this.opts.timeoutMs): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error(`kamailio rpc ${method}: client closed`));
    const id = this.nextId++;
    const body = JSON.stringify({ jsonrpc: '2.0', method, params, id, reply_name: this.replyName });
    if (Buffer.byteLength(body) > PIPE_BUF) {
      return Promise.reject(new Error(`kamailio rpc ${method}: request larger than ${PIPE_BUF} bytes`));
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`kamailio rpc ${method}: no reply within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { method, resolve, reject, timer });
      try {
        // O_NONBLOCK: fails at once with ENXIO when Kamailio is not reading the FIFO.
        const fd = openSync(this.opts.fifoPath, constants.O_WRONLY | constants.O_NONBLOCK);
        try {
          writeSync(fd, `${body}\n`);
        } finally {
          closeSync(fd);
        }
      } catch (e) {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(new Error(`kamailio rpc ${method}: cannot write request: ${(e as Error).message}`));
      }
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.failAll(new Error('kamailio rpc: client closed'));
    this.reader.destroy();
    try {
      unlinkSync(this.replyPath);
    } catch {
      // Already gone.
    }
  }

  private onData(chunk: string): void {
    for (const text of this.splitter.push(chunk)) {
      let msg: { id?: unknown; result?: unknown; error?: { code?: unknown; message?: unknown } };
      try {
        msg = JSON.parse(text) as typeof msg;
      } catch {
        continue; // Not JSON: nothing we can attribute to a call; its timeout will report.
      }
      if (typeof msg.id !== 'number') continue;
      const p = this.pending.get(msg.id);
      if (!p) continue; // Late reply to a call that already timed out.
      this.pending.delete(msg.id);
      clearTimeout(p.timer);
      if (msg.error) {
        p.reject(new KamailioRpcError(p.method, Number(msg.error.code ?? 0), String(msg.error.message ?? '')));
      } else {
        p.resolve(msg.result);
      }
    }
  }

  private failAll(e: Error): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(e);
      this.pending.delete(id);
    }
  }
}
