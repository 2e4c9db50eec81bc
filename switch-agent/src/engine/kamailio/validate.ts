// Strict checks for the few non-numeric values that reach kamailio.cfg or the engine tables.
// Anything that fails throws an Error naming the field, so callers can report it as-is.

// Paths are chosen by the agent itself, never by a user, but they are still spliced into the
// cfg inside double quotes: a quote, backslash, `$`, space or newline would change its meaning.
const PATH_RE = /^\/[A-Za-z0-9._/-]*$/;
const MAX_PATH = 200;
// sun_path is 108 bytes including the terminating NUL.
const MAX_UNIX_SOCKET_PATH = 107;

export function checkPath(field: string, value: string, opts: { unixSocket?: boolean } = {}): string {
  if (typeof value !== 'string' || !PATH_RE.test(value)) {
    throw new Error(`${field}: must be an absolute path of [A-Za-z0-9._/-] only`);
  }
  const max = opts.unixSocket ? MAX_UNIX_SOCKET_PATH : MAX_PATH;
  if (value.length > max) throw new Error(`${field}: longer than ${max} characters`);
  const segments = value.split('/').slice(1);
  if (segments.some((s) => s === '..' || s === '.')) throw new Error(`${field}: must not contain '.' or '..' segments`);
  if (value.length > 1 && segments.some((s, i) => s === '' && i < segments.length - 1)) {
    throw new Error(`${field}: must not contain '//'`);
  }
  return value;
}

/** A directory path; returned with exactly one trailing slash (what jsonrpcs expects). */
export function checkDir(field: string, value: string): string {
  const trimmed = value.length > 1 && value.endsWith('/') ? value.slice(0, -1) : value;
  return `${checkPath(field, trimmed)}/`.replace(/\/\/$/, '/');
}

export function checkInt(field: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${field}: must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

export function checkBool(field: string, value: boolean): boolean {
  if (typeof value !== 'boolean') throw new Error(`${field}: must be a boolean`);
  return value;
}

export function isIPv4(value: string): boolean {
  const parts = value.split('.');
  return (
    parts.length === 4 &&
    parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255)
  );
}

export function checkIPv4(field: string, value: string): string {
  if (typeof value !== 'string' || !isIPv4(value)) throw new Error(`${field}: must be a dotted IPv4 address`);
  return value;
}

// RFC 1123 host names: labels of letters, digits and hyphens.
const HOSTNAME_RE = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export function checkHost(field: string, value: string): string {
  if (typeof value !== 'string' || !(isIPv4(value) || HOSTNAME_RE.test(value))) {
    throw new Error(`${field}: must be an IPv4 address or a host name`);
  }
  return value;
}
