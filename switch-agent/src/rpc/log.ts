/** The logging surface the RPC layer needs; the agent plugs in its journal logger. */
export interface RpcLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: RpcLogger = {
  info() {},
  warn() {},
  error() {},
};

/** One JSON object per line on stderr, which systemd's journal captures. */
export const stderrLogger: RpcLogger = {
  info: (message, fields) => emit('info', message, fields),
  warn: (message, fields) => emit('warn', message, fields),
  error: (message, fields) => emit('error', message, fields),
};

function emit(level: string, message: string, fields?: Record<string, unknown>): void {
  process.stderr.write(`${JSON.stringify({ level, msg: message, ...fields })}\n`);
}
